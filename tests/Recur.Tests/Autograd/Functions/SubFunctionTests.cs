// Tests of Sub: finite-difference gradients over broadcast shapes, a hand-computed forward, scalar
// overloads, and the shape error.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class SubFunctionTests
{
    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 2, 3 }, new[] { 3 })]
    [InlineData(new[] { 1 }, new[] { 2, 2 })]
    [InlineData(new[] { 2, 1, 3 }, new[] { 1, 4, 1 })]
    public void Gradients_match_finite_differences(int[] aShape, int[] bShape)
    {
        var g = new Generator(11);
        TestUtil.AssertGradCheck(x => x[0] - x[1], TestUtil.Rand(g, aShape), TestUtil.Rand(g, bShape));
    }

    [Fact]
    public void Scalar_overloads_and_negation_have_gradients()
    {
        var g = new Generator(12);
        TestUtil.AssertGradCheck(x => 1f - x[0], TestUtil.Rand(g, 2, 3));
        TestUtil.AssertGradCheck(x => x[0] - 2.5f, TestUtil.Rand(g, 4));
        TestUtil.AssertGradCheck(x => -x[0], TestUtil.Rand(g, 3, 2));
    }

    [Fact]
    public void Broadcast_forward_matches_elementwise_definition()
    {
        var g = new Generator(13);
        var a = Tensor.Uniform(g, -1, 1, 2, 1, 3);
        var b = Tensor.Uniform(g, -1, 1, 4, 1);
        var c = a - b;
        Assert.Equal(new[] { 2, 4, 3 }, c.ShapeArray);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 3; k++)
                    Assert.Equal(a.GetValue(i, 0, k) - b.GetValue(j, 0), c.GetValue(i, j, k));
        var r = 1f - a;
        var n = -a;
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(1f - a.GetValue(1, 0, k), r.GetValue(1, 0, k));
            Assert.Equal(-a.GetValue(1, 0, k), n.GetValue(1, 0, k));
        }
    }

    [Fact]
    public void Incompatible_shapes_name_op_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) - Tensor.Zeros(4, 2));
        Assert.Contains("sub", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 2]", e.Message);
    }
}
