// Tests of Sigmoid: finite-difference gradients, forward against 1 / (1 + e^-x) in double, and the
// saturated extremes.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class SigmoidFunctionTests
{
    [Theory]
    [InlineData(new[] { 8 })]
    [InlineData(new[] { 4, 1, 3 })]
    public void Gradients_match_finite_differences(int[] shape)
    {
        var g = new Generator(91);
        TestUtil.AssertGradCheck(x => x[0].Sigmoid(), Tensor.Uniform(g, -3, 3, shape).RequireGrad());
    }

    [Fact]
    public void Forward_matches_logistic_function()
    {
        var g = new Generator(92);
        var x = Tensor.Uniform(g, -8, 8, 35);
        var y = x.Sigmoid();
        for (int i = 0; i < 35; i++)
            Assert.Equal(1.0 / (1.0 + Math.Exp(-x.GetValue(i))), y.GetValue(i), 1e-6);
    }

    [Fact]
    public void Extremes_saturate_without_nan()
    {
        var y = Tensor.FromArray([100f, -100f]).Sigmoid();
        Assert.Equal(1f, y.GetValue(0));
        Assert.Equal(0f, y.GetValue(1), 1e-30f);
    }
}
