// Tests of Sum: gradients over all elements and each axis (negative too, with and without keepDim),
// forward against plain loops, and the axis error.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class SumFunctionTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData(null, true)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(-1, true)]
    [InlineData(-2, false)]
    public void Gradients_match_finite_differences(int? axis, bool keepDim)
    {
        var g = new Generator(41);
        TestUtil.AssertGradCheck(x => x[0].Sum(axis, keepDim), TestUtil.Rand(g, 2, 3, 4));
    }

    [Fact]
    public void Forward_matches_loops_and_shapes_follow_keepDim()
    {
        var g = new Generator(42);
        var x = Tensor.Uniform(g, -1, 1, 2, 3, 4);
        double total = 0;
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    total += x.GetValue(i, j, k);
        var all = x.Sum();
        Assert.Equal(0, all.Rank);
        Assert.Equal(total, all.Item(), 4);
        Assert.Equal(new[] { 1, 1, 1 }, x.Sum(keepDim: true).ShapeArray);

        var s1 = x.Sum(1);
        Assert.Equal(new[] { 2, 4 }, s1.ShapeArray);
        Assert.Equal(new[] { 2, 1, 4 }, x.Sum(-2, keepDim: true).ShapeArray);
        var s2 = x.Sum(-1);
        Assert.Equal(new[] { 2, 3 }, s2.ShapeArray);
        for (int i = 0; i < 2; i++)
        {
            for (int k = 0; k < 4; k++)
            {
                float e = 0;
                for (int j = 0; j < 3; j++) e += x.GetValue(i, j, k);
                Assert.Equal(e, s1.GetValue(i, k), 5);
            }
            for (int j = 0; j < 3; j++)
            {
                float e = 0;
                for (int k = 0; k < 4; k++) e += x.GetValue(i, j, k);
                Assert.Equal(e, s2.GetValue(i, j), 5);
            }
        }
    }

    [Fact]
    public void Axis_out_of_range_names_op_and_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 3).Sum(2));
        Assert.Contains("sum", e.Message);
        Assert.Contains("[-2, 1]", e.Message);
    }
}
