// Tests of Log: finite-difference gradients on positive inputs, forward against Math.Log, and the
// values outside the domain (NaN below 0, -inf at 0).
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class LogFunctionTests
{
    [Theory]
    [InlineData(new[] { 6 })]
    [InlineData(new[] { 3, 1, 4 })]
    public void Gradients_match_finite_differences(int[] shape)
    {
        var g = new Generator(71);
        TestUtil.AssertGradCheck(x => x[0].Log(), Tensor.Uniform(g, 0.5f, 3f, shape).RequireGrad());
    }

    [Fact]
    public void Forward_matches_math_log()
    {
        var g = new Generator(72);
        var x = Tensor.Uniform(g, 0.01f, 100f, 41);
        var y = x.Log();
        for (int i = 0; i < 41; i++)
            Assert.Equal(Math.Log(x.GetValue(i)), y.GetValue(i), 1e-5);
    }

    [Fact]
    public void Outside_the_domain_gives_nan_and_minus_infinity()
    {
        var y = Tensor.FromArray([-1f, 0f]).Log();
        Assert.True(float.IsNaN(y.GetValue(0)));
        Assert.True(float.IsNegativeInfinity(y.GetValue(1)));
    }
}
