// AdamTests: Adam against a hand-computed double-precision rule and PyTorch 1.13 goldens (defaults, betas +
// eps + L2 decay, AMSGrad, withheld gradients that keep per-parameter step counts), bit-identical resume.
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class AdamTests
{
    public static TheoryData<string> GoldenCases() => OptimGolden.Cases("optimizers", "adam");

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_pytorch(string name) => OptimGolden.ReplayOptimizer(name);

    [Fact]
    public void Resumes_bit_identically_from_a_saved_state()
    {
        OptimGolden.AssertResumesBitIdentically(ps => new Adam(ps, 0.01f, weightDecay: 0.05f));
        OptimGolden.AssertResumesBitIdentically(ps => new Adam(ps, 0.01f, beta1: 0.8f, amsgrad: true));
    }

    [Fact]
    public void AmsGrad_keeps_the_running_maximum_in_the_state()
    {
        var p = Tensor.FromArray([0f]);
        var adam = new Adam([p], amsgrad: true);
        p.Grad = Tensor.FromArray([3f]);
        adam.Step();
        p.Grad = Tensor.FromArray([0f]);
        adam.Step();
        var state = adam.StateDict();
        Assert.Equal(0.999f * 0.001f * 9f, state["exp_avg_sq.0"].AsFloat32()[0], 6);
        Assert.Equal(0.001f * 9f, state["max_exp_avg_sq.0"].AsFloat32()[0], 6);
        Assert.False(new Adam([p]).StateDict().ContainsKey("max_exp_avg_sq.0"));
    }

    [Fact]
    public void Two_steps_follow_the_pytorch_update_rule()
    {
        // Hand-computed in double with the bias-corrected rule of torch.optim.Adam (weight_decay = 0.1).
        var p = Tensor.FromArray([1.0f, -2.0f]).RequireGrad();
        var adam = new Adam([p], lr: 0.1f, weightDecay: 0.1f);
        double[] param = [1.0, -2.0], m = [0, 0], v = [0, 0];
        double[][] grads = [[0.5, -1.5], [0.25, 3.0]];
        for (int step = 1; step <= 2; step++)
        {
            p.Grad = Tensor.FromArray(grads[step - 1].Select(x => (float)x).ToArray());
            adam.Step();
            for (int j = 0; j < 2; j++)
            {
                double g = grads[step - 1][j] + 0.1 * param[j];
                m[j] = 0.9 * m[j] + 0.1 * g;
                v[j] = 0.999 * v[j] + 0.001 * g * g;
                double mHat = m[j] / (1 - Math.Pow(0.9, step)), vHat = v[j] / (1 - Math.Pow(0.999, step));
                param[j] -= 0.1 * mHat / (Math.Sqrt(vHat) + 1e-8);
            }
            TestUtil.AssertClose(param.Select(x => (float)x).ToArray(), p.ToArray(), 1e-6, 1e-6, $"step {step}");
        }
        Assert.Equal(2, adam.StepCount);
        adam.ZeroGrad();
        Assert.All(p.Grad!.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Invalid_settings_are_named()
    {
        var p = Tensor.Zeros(1).RequireGrad();
        Assert.Contains("learning rate", Assert.Throws<ArgumentException>(() => new Adam([p], lr: -1)).Message);
        Assert.Contains("beta", Assert.Throws<ArgumentException>(() => new Adam([p], beta1: 1f)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new Adam([])).Message);
    }
}
