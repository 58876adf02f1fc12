// Tests of Mul: finite-difference gradients over broadcast shapes, a hand-computed forward, scalar
// overloads, and the shape error.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class MulFunctionTests
{
    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 2, 3 }, new[] { 3 })]
    [InlineData(new[] { 4, 1, 3 }, new[] { 2, 1 })]
    [InlineData(new[] { 1 }, new[] { 2, 2 })]
    [InlineData(new[] { 2, 1, 3 }, new[] { 1, 4, 1 })]
    public void Gradients_match_finite_differences(int[] aShape, int[] bShape)
    {
        var g = new Generator(21);
        TestUtil.AssertGradCheck(x => x[0] * x[1], TestUtil.Rand(g, aShape), TestUtil.Rand(g, bShape));
    }

    [Fact]
    public void Scalar_overloads_have_gradients()
    {
        var g = new Generator(22);
        TestUtil.AssertGradCheck(x => x[0] * 3f, TestUtil.Rand(g, 2, 3));
        TestUtil.AssertGradCheck(x => 0.5f * x[0], TestUtil.Rand(g, 5));
    }

    [Fact]
    public void Broadcast_forward_matches_elementwise_definition()
    {
        var g = new Generator(23);
        var a = Tensor.Uniform(g, -1, 1, 3, 1);
        var b = Tensor.Uniform(g, -1, 1, 1, 4);
        var c = a * b;
        Assert.Equal(new[] { 3, 4 }, c.ShapeArray);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(a.GetValue(i, 0) * b.GetValue(0, j), c.GetValue(i, j));
        var s = 2f * a;
        for (int i = 0; i < 3; i++)
            Assert.Equal(2f * a.GetValue(i, 0), s.GetValue(i, 0));
    }

    [Fact]
    public void Incompatible_shapes_name_op_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 2) * Tensor.Zeros(3));
        Assert.Contains("mul", e.Message);
        Assert.Contains("[3, 2]", e.Message);
        Assert.Contains("[3]", e.Message);
    }
}
