// InitTests: statistics of the random initialisers over large tensors (bounds, mean, std within a few
// standard errors), torch's fan computation, constant fills, and determinism for a seed.
using Recur.Tensors;
using Inits = Recur.Layers.Init.Initializers;

namespace Recur.Tests.Layers.Init;

public class InitTests
{
    private static (double Mean, double Std, float Min, float Max) Stats(Tensor t)
    {
        double sum = 0, sum2 = 0;
        float min = float.MaxValue, max = float.MinValue;
        foreach (float v in t.ToArray())
        {
            sum += v;
            sum2 += (double)v * v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        double mean = sum / t.Length;
        return (mean, Math.Sqrt(sum2 / t.Length - mean * mean), min, max);
    }

    [Fact]
    public void Uniform_stays_in_bounds_with_the_right_moments()
    {
        var t = Inits.Uniform(Tensor.Zeros(400, 500), -2f, 3f, new Generator(1));
        var (mean, std, min, max) = Stats(t);
        Assert.InRange(min, -2f, -1.99f);
        Assert.InRange(max, 2.99f, 3f - 1e-7f);
        Assert.InRange(mean, 0.5 - 0.01, 0.5 + 0.01);
        Assert.InRange(std, 5 / Math.Sqrt(12) * 0.99, 5 / Math.Sqrt(12) * 1.01);
        Assert.Throws<ArgumentException>(() => Inits.Uniform(t, 1f, 0f, new Generator(1)));
    }

    [Fact]
    public void Normal_has_the_requested_mean_and_std()
    {
        var (mean, std, _, _) = Stats(Inits.Normal(Tensor.Zeros(200_000), 1f, 2f, new Generator(2)));
        Assert.InRange(mean, 1 - 0.02, 1 + 0.02);
        Assert.InRange(std, 2 * 0.99, 2 * 1.01);
    }

    [Fact]
    public void Fans_follow_torch()
    {
        Assert.Equal((30, 40), Inits.FanInAndFanOut(Tensor.Zeros(4, 3, 5, 2)));
        Assert.Equal((3, 4), Inits.FanInAndFanOut(Tensor.Zeros(4, 3)));
        Assert.Contains("fewer than 2 dimensions", Assert.Throws<ArgumentException>(() => Inits.FanInAndFanOut(Tensor.Zeros(4))).Message);
        Assert.Throws<ArgumentException>(() => Inits.XavierUniform(Tensor.Zeros(4), new Generator(0)));
    }

    [Fact]
    public void Xavier_uniform_bound_and_std()
    {
        var t = Inits.XavierUniform(Tensor.Zeros(300, 500), new Generator(3), gain: 2f);
        double a = 2 * Math.Sqrt(6.0 / 800);
        var (mean, std, min, max) = Stats(t);
        Assert.True(min >= -a && max <= a, $"range [{min}, {max}] exceeds ±{a}");
        Assert.True(max > 0.99 * a && min < -0.99 * a, $"range [{min}, {max}] does not reach ±{a}");
        Assert.InRange(mean, -0.002, 0.002);
        Assert.InRange(std, a / Math.Sqrt(3) * 0.99, a / Math.Sqrt(3) * 1.01);
    }

    [Fact]
    public void Xavier_normal_std_uses_the_receptive_field()
    {
        // fan_in = 200 * 2, fan_out = 300 * 2.
        var (mean, std, _, _) = Stats(Inits.XavierNormal(Tensor.Zeros(300, 200, 2), new Generator(4)));
        double expected = Math.Sqrt(2.0 / 1000);
        Assert.InRange(mean, -0.0005, 0.0005);
        Assert.InRange(std, expected * 0.99, expected * 1.01);
    }

    [Fact]
    public void Constants()
    {
        Assert.All(Inits.Ones(Tensor.Zeros(3, 2)).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(Inits.Zeros(Tensor.Full(5f, 3, 2)).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void A_seed_repeats_and_another_seed_differs()
    {
        foreach (var init in new Func<Tensor, Generator, Tensor>[]
                 {
                     (t, g) => Inits.Uniform(t, -1, 1, g), (t, g) => Inits.Normal(t, 0, 1, g),
                     (t, g) => Inits.XavierUniform(t, g), (t, g) => Inits.XavierNormal(t, g), (t, g) => Inits.Orthogonal(t, g),
                 })
        {
            float[] a = init(Tensor.Zeros(5, 7), new Generator(9)).ToArray();
            float[] b = init(Tensor.Zeros(5, 7), new Generator(9)).ToArray();
            float[] c = init(Tensor.Zeros(5, 7), new Generator(10)).ToArray();
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);
        }
    }
}
