// Tests of Div: finite-difference gradients (denominators kept away from 0), a hand-computed forward,
// scalar overloads, the shape error, and that backward after the graph was freed fails clearly.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class DivFunctionTests
{
    /// <summary>Values in ±[0.5, 1.5]: far from the pole of 1/b.</summary>
    private static Tensor AwayFromZero(Generator g, params int[] shape)
    {
        var t = Tensor.Uniform(g, 0.5f, 1.5f, shape);
        var d = t.Data;
        for (int i = 0; i < d.Length; i += 2) d[i] = -d[i];
        return t.RequireGrad();
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 2, 3 }, new[] { 3 })]
    [InlineData(new[] { 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 1 }, new[] { 2, 2 })]
    [InlineData(new[] { 2, 1, 3 }, new[] { 1, 4, 1 })]
    public void Gradients_match_finite_differences(int[] aShape, int[] bShape)
    {
        var g = new Generator(31);
        TestUtil.AssertGradCheck(x => x[0] / x[1], TestUtil.Rand(g, aShape), AwayFromZero(g, bShape));
    }

    [Fact]
    public void Scalar_overloads_have_gradients()
    {
        var g = new Generator(32);
        TestUtil.AssertGradCheck(x => 1f / x[0], AwayFromZero(g, 2, 3));
        TestUtil.AssertGradCheck(x => x[0] / 4f, TestUtil.Rand(g, 3));
    }

    [Fact]
    public void Broadcast_forward_matches_elementwise_definition()
    {
        var g = new Generator(33);
        var a = Tensor.Uniform(g, -1, 1, 2, 3);
        var b = AwayFromZero(g, 3).Detach();
        var c = a / b;
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(a.GetValue(i, j) / b.GetValue(j), c.GetValue(i, j));
    }

    [Fact]
    public void Denominator_gradient_is_minus_g_a_over_b_squared()
    {
        var a = Tensor.FromArray([3f, -2f]).RequireGrad();
        var b = Tensor.FromArray([2f, 4f]).RequireGrad();
        (a / b).Backward(Tensor.FromArray([1f, 0.5f]));
        TestUtil.AssertClose([-1f * 3f / 4f, -0.5f * -2f / 16f], b.Grad!.ReadOnlyData, what: "dB");
        TestUtil.AssertClose([1f / 2f, 0.5f / 4f], a.Grad!.ReadOnlyData, what: "dA");
    }

    [Fact]
    public void Incompatible_shapes_name_op_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) / Tensor.Zeros(2));
        Assert.Contains("div", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[2]", e.Message);
    }
}
