// Tests of Slice: gradients for the view (contiguous) and copy cases with negative axes and starts,
// storage sharing exactly when contiguous, forward against index offsets, and range errors.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class SliceFunctionTests
{
    [Theory]
    [InlineData(0, 1, 2)]
    [InlineData(1, 0, 2)]
    [InlineData(-1, -3, 2)]
    [InlineData(2, 4, 0)]
    public void Gradients_match_finite_differences(int axis, int start, int length)
    {
        var g = new Generator(201);
        TestUtil.AssertGradCheck(x => x[0].Slice(axis, start, length) * 3f, TestUtil.Rand(g, 3, 3, 4));
    }

    [Fact]
    public void Contiguous_slices_are_views_and_others_are_copies()
    {
        var x = Tensor.FromArray([0f, 1, 2, 3, 4, 5, 6, 7], 1, 2, 4);
        var view = x.Slice(1, 1, 1); // axes before 1 have size 1: contiguous
        view.SetValue(-1f, 0, 0, 2);
        Assert.Equal(-1f, x.GetValue(0, 1, 2));
        var copy = x.Slice(2, 1, 2); // not contiguous
        copy.SetValue(-5f, 0, 0, 0);
        Assert.Equal(1f, x.GetValue(0, 0, 1));
    }

    [Fact]
    public void Forward_reads_the_requested_range()
    {
        var g = new Generator(202);
        var x = Tensor.Uniform(g, -1, 1, 2, 5, 3);
        var y = x.Slice(-2, -4, 3); // rows 1..3 of axis 1
        Assert.Equal(new[] { 2, 3, 3 }, y.ShapeArray);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++)
                    Assert.Equal(x.GetValue(i, j + 1, k), y.GetValue(i, j, k));
    }

    [Fact]
    public void Out_of_range_name_op_and_shape()
    {
        var x = Tensor.Zeros(2, 5);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Slice(1, 3, 3));
        Assert.Contains("slice", e.Message);
        Assert.Contains("[2, 5]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Slice(1, -6, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Slice(0, 0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Slice(2, 0, 1));
        var a = Assert.Throws<ArgumentException>(() => Tensor.Scalar(1f).Slice(0, 0, 1));
        Assert.Contains("[]", a.Message);
    }
}
