using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class AdamTests
{
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
