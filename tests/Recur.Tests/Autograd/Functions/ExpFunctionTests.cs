// Tests of Exp: finite-difference gradients, forward against Math.Exp, and overflow behaviour.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class ExpFunctionTests
{
    [Theory]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 2, 3, 4 })]
    public void Gradients_match_finite_differences(int[] shape)
    {
        var g = new Generator(61);
        TestUtil.AssertGradCheck(x => x[0].Exp(), TestUtil.Rand(g, shape));
    }

    [Fact]
    public void Forward_matches_math_exp()
    {
        var g = new Generator(62);
        var x = Tensor.Uniform(g, -5, 5, 37);
        var y = x.Exp();
        for (int i = 0; i < 37; i++)
            Assert.Equal(Math.Exp(x.GetValue(i)), y.GetValue(i), 1e-6 * Math.Exp(x.GetValue(i)) + 1e-7);
    }

    [Fact]
    public void Large_inputs_overflow_to_infinity_not_nan()
    {
        var y = Tensor.FromArray([100f, -200f]).Exp();
        Assert.True(float.IsPositiveInfinity(y.GetValue(0)));
        Assert.Equal(0f, y.GetValue(1));
    }
}
