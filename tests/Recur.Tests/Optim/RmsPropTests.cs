// RmsPropTests: RmsProp against PyTorch 1.13 goldens (defaults, centered + momentum + decay, alpha +
// momentum + eps), bit-identical resume, the state buffers per option, and PyTorch's validation messages.
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class RmsPropTests
{
    public static TheoryData<string> GoldenCases() => OptimGolden.Cases("optimizers", "rmsprop");

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_pytorch(string name) => OptimGolden.ReplayOptimizer(name);

    [Fact]
    public void Resumes_bit_identically_from_a_saved_state()
    {
        OptimGolden.AssertResumesBitIdentically(ps => new RmsProp(ps));
        OptimGolden.AssertResumesBitIdentically(ps => new RmsProp(ps, momentum: 0.9f, centered: true, weightDecay: 0.1f));
    }

    [Fact]
    public void State_buffers_follow_the_options()
    {
        var p = Tensor.Zeros(3);
        Assert.Equal(["lr", "step", "step.0", "square_avg.0"], new RmsProp([p]).StateDict().Keys.ToArray());
        Assert.Equal(["lr", "step", "step.0", "square_avg.0", "momentum_buffer.0", "grad_avg.0"],
            new RmsProp([p], momentum: 0.5f, centered: true).StateDict().Keys.ToArray());
    }

    [Fact]
    public void Invalid_settings_use_pytorch_messages()
    {
        var p = Tensor.Zeros(1);
        Assert.Equal("Invalid alpha value: -0.5", Assert.Throws<ArgumentException>(() => new RmsProp([p], alpha: -0.5f)).Message);
        Assert.Equal("Invalid momentum value: -1", Assert.Throws<ArgumentException>(() => new RmsProp([p], momentum: -1f)).Message);
        Assert.Equal("Invalid epsilon value: -1", Assert.Throws<ArgumentException>(() => new RmsProp([p], eps: -1f)).Message);
    }
}
