// Tests of Tanh: finite-difference gradients, forward against Math.Tanh, and saturation.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class TanhFunctionTests
{
    [Theory]
    [InlineData(new[] { 9 })]
    [InlineData(new[] { 2, 5 })]
    public void Gradients_match_finite_differences(int[] shape)
    {
        var g = new Generator(81);
        TestUtil.AssertGradCheck(x => x[0].Tanh(), Tensor.Uniform(g, -2, 2, shape).RequireGrad());
    }

    [Fact]
    public void Forward_matches_math_tanh()
    {
        var g = new Generator(82);
        var x = Tensor.Uniform(g, -4, 4, 33);
        var y = x.Tanh();
        for (int i = 0; i < 33; i++)
            Assert.Equal(Math.Tanh(x.GetValue(i)), y.GetValue(i), 1e-6);
    }

    [Fact]
    public void Saturates_without_nan_and_gradient_vanishes()
    {
        var x = Tensor.FromArray([50f, -50f]).RequireGrad();
        var y = x.Tanh();
        Assert.Equal(new[] { 1f, -1f }, y.ToArray());
        y.Sum().Backward();
        Assert.Equal(new[] { 0f, 0f }, x.Grad!.ToArray());
    }
}
