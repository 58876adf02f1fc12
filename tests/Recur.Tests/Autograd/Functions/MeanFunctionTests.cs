// Tests of Mean: gradients over all elements and each axis, forward against plain loops, the mean of
// an empty tensor, and the axis error.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class MeanFunctionTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(-1, false)]
    [InlineData(-3, true)]
    public void Gradients_match_finite_differences(int? axis, bool keepDim)
    {
        var g = new Generator(51);
        TestUtil.AssertGradCheck(x => x[0].Mean(axis, keepDim), TestUtil.Rand(g, 3, 2, 4));
    }

    [Fact]
    public void Forward_matches_loops()
    {
        var g = new Generator(52);
        var x = Tensor.Uniform(g, -1, 1, 3, 5);
        double total = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 5; j++)
                total += x.GetValue(i, j);
        Assert.Equal(total / 15, x.Mean().Item(), 5);
        var m = x.Mean(0, keepDim: true);
        Assert.Equal(new[] { 1, 5 }, m.ShapeArray);
        for (int j = 0; j < 5; j++)
            Assert.Equal((x.GetValue(0, j) + x.GetValue(1, j) + x.GetValue(2, j)) / 3f, m.GetValue(0, j), 5);
    }

    [Fact]
    public void Mean_of_no_elements_is_nan()
    {
        Assert.True(float.IsNaN(Tensor.Zeros(0, 3).Mean().Item()));
    }

    [Fact]
    public void Axis_out_of_range_names_op_and_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(4).Mean(-2));
        Assert.Contains("mean", e.Message);
        Assert.Contains("[-1, 0]", e.Message);
    }
}
