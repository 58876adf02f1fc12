// Tests of the indexers x[i] and x[i, j]: gradients, views with negative indices, and index errors.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class SelectFunctionTests
{
    [Fact]
    public void Gradients_match_finite_differences()
    {
        var g = new Generator(161);
        TestUtil.AssertGradCheck(x => x[0][1], TestUtil.Rand(g, 3, 4));
        TestUtil.AssertGradCheck(x => x[0][-1, 0] + x[0][0, 2], TestUtil.Rand(g, 2, 3, 2));
    }

    [Fact]
    public void Index_returns_a_view_of_the_sub_tensor()
    {
        var g = new Generator(162);
        var x = Tensor.Uniform(g, -1, 1, 3, 2, 4);
        var row = x[-2];
        Assert.Equal(new[] { 2, 4 }, row.ShapeArray);
        for (int j = 0; j < 2; j++)
            for (int k = 0; k < 4; k++)
                Assert.Equal(x.GetValue(1, j, k), row.GetValue(j, k));
        var cell = x[2, -1];
        Assert.Equal(new[] { 4 }, cell.ShapeArray);
        for (int k = 0; k < 4; k++)
            Assert.Equal(x.GetValue(2, 1, k), cell.GetValue(k));
        cell.SetValue(9f, 3);
        Assert.Equal(9f, x.GetValue(2, 1, 3));
        Assert.Equal(0, Tensor.FromArray([1f, 2f])[1].Rank);
    }

    [Fact]
    public void Out_of_bounds_and_too_many_indices_throw()
    {
        var x = Tensor.Zeros(3, 2);
        var e = Assert.Throws<IndexOutOfRangeException>(() => x[5]);
        Assert.Equal("index 5 is out of bounds for dimension 0 with size 3", e.Message);
        e = Assert.Throws<IndexOutOfRangeException>(() => x[0, -3]);
        Assert.Equal("index -3 is out of bounds for dimension 1 with size 2", e.Message);
        var a = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3)[0, 0]);
        Assert.Contains("select", a.Message);
        Assert.Contains("[3]", a.Message);
    }
}
