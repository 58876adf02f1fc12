// AdamWTests: AdamW against PyTorch 1.13 goldens (default decay, larger decay with AMSGrad), the decoupled
// decay rule on a hand-checked step, bit-identical resume, and PyTorch's validation messages.
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class AdamWTests
{
    public static TheoryData<string> GoldenCases() => OptimGolden.Cases("optimizers", "adamw");

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_pytorch(string name) => OptimGolden.ReplayOptimizer(name);

    [Fact]
    public void Resumes_bit_identically_from_a_saved_state()
    {
        OptimGolden.AssertResumesBitIdentically(ps => new AdamW(ps, 0.01f));
        OptimGolden.AssertResumesBitIdentically(ps => new AdamW(ps, 0.01f, weightDecay: 0.1f, amsgrad: true));
    }

    [Fact]
    public void Decay_is_decoupled_from_the_gradient()
    {
        // With a zero gradient Adam's moments stay zero, so only p *= 1 - lr wd acts.
        var p = Tensor.FromArray([2f]);
        var opt = new AdamW([p], lr: 0.1f, weightDecay: 0.5f);
        p.Grad = Tensor.FromArray([0f]);
        opt.Step();
        Assert.Equal(2f * (1 - 0.05f), p.Item(), 6);
        Assert.Equal(1e-2f, new AdamW([p]).WeightDecay);
    }

    [Fact]
    public void Invalid_settings_use_pytorch_messages()
    {
        var p = Tensor.Zeros(1);
        Assert.Equal("Invalid beta parameter at index 1: 1", Assert.Throws<ArgumentException>(() => new AdamW([p], beta2: 1f)).Message);
        Assert.Equal("Invalid epsilon value: -1", Assert.Throws<ArgumentException>(() => new AdamW([p], eps: -1f)).Message);
        Assert.Equal("Invalid weight_decay value: -0.5", Assert.Throws<ArgumentException>(() => new AdamW([p], weightDecay: -0.5f)).Message);
    }
}
