// AdagradTests: Adagrad against PyTorch 1.13 goldens (defaults; lr decay + weight decay + initial
// accumulator + eps), bit-identical resume, the initial accumulator in the state, validation messages.
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class AdagradTests
{
    public static TheoryData<string> GoldenCases() => OptimGolden.Cases("optimizers", "adagrad");

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_pytorch(string name) => OptimGolden.ReplayOptimizer(name);

    [Fact]
    public void Resumes_bit_identically_from_a_saved_state()
    {
        OptimGolden.AssertResumesBitIdentically(ps => new Adagrad(ps, 0.1f));
        OptimGolden.AssertResumesBitIdentically(ps => new Adagrad(ps, 0.1f, lrDecay: 0.2f, weightDecay: 0.1f, initialAccumulatorValue: 0.3f));
    }

    [Fact]
    public void The_sum_starts_at_the_initial_accumulator_value()
    {
        var p = Tensor.Zeros(2, 2);
        var state = new Adagrad([p], initialAccumulatorValue: 0.25f).StateDict();
        Assert.Equal([0.25f, 0.25f, 0.25f, 0.25f], state["sum.0"].AsFloat32());
        Assert.Equal([2, 2], state["sum.0"].ShapeArray);
    }

    [Fact]
    public void Invalid_settings_use_pytorch_messages()
    {
        var p = Tensor.Zeros(1);
        Assert.Equal("Invalid lr_decay value: -1", Assert.Throws<ArgumentException>(() => new Adagrad([p], lrDecay: -1f)).Message);
        Assert.Equal("Invalid initial_accumulator_value value: -1",
            Assert.Throws<ArgumentException>(() => new Adagrad([p], initialAccumulatorValue: -1f)).Message);
        Assert.Equal("Invalid weight_decay value: -1", Assert.Throws<ArgumentException>(() => new Adagrad([p], weightDecay: -1f)).Message);
    }
}
