// Tests of Concat: gradients along first, middle and negative axes (with a part that needs no grad),
// forward against per-index placement, and mismatched shapes.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class ConcatFunctionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Gradients_match_finite_differences(int axis)
    {
        var g = new Generator(181);
        int[] a = [2, 3, 2], b = [2, 3, 2];
        int ax = axis < 0 ? axis + 3 : axis;
        a[ax] = 1;
        b[ax] = 4;
        TestUtil.AssertGradCheck(x => Tensor.Concat([x[0], x[1], x[2]], axis),
            TestUtil.Rand(g, a), TestUtil.Rand(g, b), Tensor.Uniform(g, -1, 1, [2, 3, 2]));
    }

    [Fact]
    public void Forward_places_each_part_after_the_previous()
    {
        var g = new Generator(182);
        var a = Tensor.Uniform(g, -1, 1, 2, 1, 3);
        var b = Tensor.Uniform(g, -1, 1, 2, 2, 3);
        var y = Tensor.Concat([a, b], 1);
        Assert.Equal(new[] { 2, 3, 3 }, y.ShapeArray);
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(a.GetValue(i, 0, k), y.GetValue(i, 0, k));
                Assert.Equal(b.GetValue(i, 0, k), y.GetValue(i, 1, k));
                Assert.Equal(b.GetValue(i, 1, k), y.GetValue(i, 2, k));
            }
    }

    [Fact]
    public void Mismatched_shapes_name_op_and_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)], 1));
        Assert.Contains("concat", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(2)], 0));
        Assert.Contains("[2]", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Concat([], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Concat([Tensor.Zeros(2)], 1));
    }
}
