// IndexSelect (torch.index_select): values along any axis, repeated indices whose gradients add up,
// finite-difference gradients, and index errors.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class IndexSelectFunctionTests
{
    [Fact]
    public void Gradients_match_finite_differences_with_repeated_indices()
    {
        var g = new Generator(171);
        TestUtil.AssertGradCheck(x => x[0].IndexSelect(0, [2, 0, 2]), TestUtil.Rand(g, 3, 4));
        TestUtil.AssertGradCheck(x => x[0].IndexSelect(1, [1, 1, 0]) * x[0].IndexSelect(-2, [0, 1, 1]), TestUtil.Rand(g, 2, 3, 2));
    }

    [Fact]
    public void Picks_entries_along_the_axis_in_the_given_order()
    {
        var x = Tensor.FromArray([0f, 1, 2, 10, 11, 12], 2, 3);
        var y = x.IndexSelect(1, [2, 0, 2, 1]);
        Assert.Equal([2, 4], y.ShapeArray);
        Assert.Equal([2f, 0, 2, 1, 12, 10, 12, 11], y.ToArray());
        Assert.Equal([10f, 11, 12], x.IndexSelect(0, [1]).ToArray());
        Assert.Equal([2, 0], x.IndexSelect(1, []).ShapeArray);
        // A copy: writing to it leaves x alone.
        y.SetValue(99f, 0, 0);
        Assert.Equal(2f, x.GetValue(0, 2));
    }

    [Fact]
    public void A_repeated_index_collects_the_sum_of_its_gradients()
    {
        var x = Tensor.FromArray([1f, 2, 3], 3).RequireGrad();
        (x.IndexSelect(0, [2, 2, 0, 2]) * Tensor.FromArray([1f, 10, 100, 1000], 4)).Sum().Backward();
        Assert.Equal([100f, 0, 1011], x.Grad!.ToArray());
    }

    [Fact]
    public void Out_of_range_indices_and_scalars_are_refused()
    {
        var x = Tensor.Zeros(3, 2);
        Assert.Equal("index_select(): index 3 is out of bounds for dimension 0 with size 3",
            Assert.Throws<IndexOutOfRangeException>(() => x.IndexSelect(0, [0, 3])).Message);
        Assert.Equal("index_select(): index -1 is out of bounds for dimension 1 with size 2",
            Assert.Throws<IndexOutOfRangeException>(() => x.IndexSelect(1, [-1])).Message);
        Assert.Contains("zero-dimensional", Assert.Throws<ArgumentException>(() => Tensor.Scalar(1f).IndexSelect(0, [0])).Message);
    }
}
