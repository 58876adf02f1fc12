// Tests of Relu: finite-difference gradients away from the kink, forward against a plain comparison,
// the subgradient 0 at x = 0, and NaN propagation.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class ReluFunctionTests
{
    /// <summary>Uniform values with |x| >= 0.05, so a finite-difference step never crosses 0.</summary>
    private static Tensor AwayFromKink(Generator g, params int[] shape)
    {
        var t = Tensor.Uniform(g, -1, 1, shape);
        var d = t.Data;
        for (int i = 0; i < d.Length; i++)
            if (MathF.Abs(d[i]) < 0.05f) d[i] = d[i] < 0 ? -0.3f : 0.3f;
        return t.RequireGrad();
    }

    [Theory]
    [InlineData(new[] { 10 })]
    [InlineData(new[] { 3, 4 })]
    public void Gradients_match_finite_differences(int[] shape)
    {
        var g = new Generator(101);
        TestUtil.AssertGradCheck(x => x[0].Relu(), AwayFromKink(g, shape));
    }

    [Fact]
    public void Forward_matches_comparison_and_gradient_at_zero_is_zero()
    {
        var x = Tensor.FromArray([-2f, -0.5f, 0f, 0.25f, 3f]).RequireGrad();
        var y = x.Relu();
        float[] expected = new float[5];
        for (int i = 0; i < 5; i++) expected[i] = x.GetValue(i) > 0 ? x.GetValue(i) : 0f;
        Assert.Equal(expected, y.ToArray());
        y.Sum().Backward();
        Assert.Equal(new[] { 0f, 0f, 0f, 1f, 1f }, x.Grad!.ToArray());
    }

    [Fact]
    public void Nan_propagates_and_passes_its_gradient_as_in_pytorch()
    {
        Assert.True(float.IsNaN(Tensor.FromArray([float.NaN]).Relu().Item()));
        // torch 1.13: x = [nan, -1, 2]; x.relu().sum().backward() gives x.grad = [1, 0, 1] (threshold_backward: y <= 0 ? 0 : g).
        var x = Tensor.FromArray([float.NaN, -1f, 2f]).RequireGrad();
        x.Relu().Sum().Backward();
        Assert.Equal(new[] { 1f, 0f, 1f }, x.Grad!.ToArray());
    }
}
