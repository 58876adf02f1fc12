using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Layers;

public class LayerNormTests
{
    [Fact]
    public void Gradients_match_finite_differences()
    {
        var g = new Generator(41);
        var ln = new LayerNorm(5);
        Tensor.Uniform(g, 0.5f, 1.5f, 5).ReadOnlyData.CopyTo(ln.Weight!.Data);
        Tensor.Uniform(g, -0.5f, 0.5f, 5).ReadOnlyData.CopyTo(ln.Bias!.Data);
        TestUtil.AssertGradCheck(t => ln.Forward(t[0]), TestUtil.Rand(g, 3, 2, 5), ln.Weight, ln.Bias);
        var plain = new LayerNorm(4, elementwiseAffine: false);
        TestUtil.AssertGradCheck(t => plain.Forward(t[0]), TestUtil.Rand(g, 6, 4));
    }

    [Fact]
    public void Rows_are_normalised_with_biased_variance()
    {
        var ln = new LayerNorm(4, eps: 0f);
        var y = ln.Forward(Tensor.FromArray([1f, 2f, 3f, 4f, -2f, 0f, 2f, 4f], 2, 4)).ToArray();
        // Row 1: mean 2.5, biased variance 1.25.
        double s = Math.Sqrt(1.25);
        TestUtil.AssertClose([(float)(-1.5 / s), (float)(-0.5 / s), (float)(0.5 / s), (float)(1.5 / s)], y.AsSpan(0, 4), 1e-6, 1e-6);
        Assert.Equal(0, y.Skip(4).Sum(), 5);
        Assert.Contains("expected input with shape [*, 4]", Assert.Throws<ArgumentException>(() => ln.Forward(Tensor.Zeros(2, 3))).Message);
    }

    [Theory]
    [InlineData(-1f), InlineData(float.NaN), InlineData(float.PositiveInfinity)]
    public void Eps_must_be_finite_and_not_negative(float eps) =>
        Assert.Contains("eps must be a finite number >= 0", Assert.Throws<ArgumentException>(() => new LayerNorm(4, eps: eps)).Message);
}
