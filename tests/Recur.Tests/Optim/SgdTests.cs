// SgdTests: Sgd against PyTorch 1.13 goldens (plain, momentum, dampening + weight decay, Nesterov, a
// withheld gradient), bit-identical resume from a saved state, and PyTorch's validation messages.
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class SgdTests
{
    public static TheoryData<string> GoldenCases() => OptimGolden.Cases("optimizers", "sgd");

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_pytorch(string name) => OptimGolden.ReplayOptimizer(name);

    [Fact]
    public void Resumes_bit_identically_from_a_saved_state()
    {
        OptimGolden.AssertResumesBitIdentically(ps => new Sgd(ps, 0.1f, momentum: 0.9f, dampening: 0.1f, weightDecay: 0.01f));
        OptimGolden.AssertResumesBitIdentically(ps => new Sgd(ps, 0.1f, momentum: 0.5f, nesterov: true));
        OptimGolden.AssertResumesBitIdentically(ps => new Sgd(ps, 0.1f));
    }

    [Fact]
    public void First_step_starts_the_momentum_buffer_at_the_gradient()
    {
        var p = Tensor.FromArray([1f]);
        var sgd = new Sgd([p], 0.5f, momentum: 0.9f, dampening: 0.5f);
        p.Grad = Tensor.FromArray([2f]);
        sgd.Step(); // buf = 2 (no dampening on the first step), p = 1 - 0.5 * 2
        Assert.Equal(0f, p.Item());
        sgd.Step(); // buf = 0.9 * 2 + 0.5 * 2 = 2.8, p = 0 - 1.4
        Assert.Equal(-1.4f, p.Item(), 6);
    }

    [Fact]
    public void Invalid_settings_use_pytorch_messages()
    {
        var p = Tensor.Zeros(1);
        Assert.Equal("Nesterov momentum requires a momentum and zero dampening",
            Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1f, nesterov: true)).Message);
        Assert.Equal("Nesterov momentum requires a momentum and zero dampening",
            Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1f, momentum: 0.9f, dampening: 0.1f, nesterov: true)).Message);
        Assert.Equal("Invalid momentum value: -0.5", Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1f, momentum: -0.5f)).Message);
        Assert.Equal("Invalid weight_decay value: -1", Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1f, weightDecay: -1f)).Message);
        Assert.DoesNotContain(new Sgd([p], 0.1f).StateDict().Keys, k => k.StartsWith("momentum_buffer", StringComparison.Ordinal));
    }
}
