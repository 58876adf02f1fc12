// Tests of Reshape: gradients through the view, storage sharing, -1 inference, and invalid shapes.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class ReshapeFunctionTests
{
    [Fact]
    public void Gradients_match_finite_differences()
    {
        var g = new Generator(151);
        TestUtil.AssertGradCheck(x => x[0].Reshape(3, -1) * x[1], TestUtil.Rand(g, 2, 6), TestUtil.Rand(g, 3, 4));
        TestUtil.AssertGradCheck(x => x[0].Reshape(-1), TestUtil.Rand(g, 2, 3));
    }

    [Fact]
    public void Result_is_a_view_in_the_same_order()
    {
        var x = Tensor.FromArray([0f, 1, 2, 3, 4, 5], 2, 3);
        var y = x.Reshape(3, 2);
        Assert.Equal(new[] { 3, 2 }, y.ShapeArray);
        for (int i = 0; i < 6; i++)
            Assert.Equal(x.GetValue(i / 3, i % 3), y.GetValue(i / 2, i % 2));
        y.SetValue(42f, 2, 1);
        Assert.Equal(42f, x.GetValue(1, 2));
        Assert.Equal(new[] { 1, 6, 1 }, x.Reshape(1, -1, 1).ShapeArray);
        Assert.Equal(0, Tensor.FromArray([7f]).Reshape().Rank);
    }

    [Fact]
    public void Invalid_shapes_name_op_and_shapes()
    {
        var x = Tensor.Zeros(2, 3);
        var e = Assert.Throws<ArgumentException>(() => x.Reshape(4, 2));
        Assert.Contains("reshape", e.Message);
        Assert.Contains("[4, 2]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Reshape(-1, -1));
        Assert.Contains("only one dimension can be inferred", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Reshape(4, -1));
        Assert.Contains("[4, -1]", e.Message);
    }
}
