// Tests of Transpose (last two axes): gradients on 2-D and batched inputs, forward against index
// swapping, and the rank error.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class TransposeFunctionTests
{
    [Theory]
    [InlineData(new[] { 3, 4 })]
    [InlineData(new[] { 2, 3, 5 })]
    [InlineData(new[] { 2, 1, 1, 3 })]
    public void Gradients_match_finite_differences(int[] shape)
    {
        var g = new Generator(171);
        TestUtil.AssertGradCheck(x => x[0].Transpose(), TestUtil.Rand(g, shape));
    }

    [Fact]
    public void Forward_swaps_the_last_two_indices()
    {
        var g = new Generator(172);
        var x = Tensor.Uniform(g, -1, 1, 2, 3, 4);
        var y = x.Transpose();
        Assert.Equal(new[] { 2, 4, 3 }, y.ShapeArray);
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 4; j++)
                    Assert.Equal(x.GetValue(b, i, j), y.GetValue(b, j, i));
    }

    [Fact]
    public void Rank_below_two_names_op_and_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(5).Transpose());
        Assert.Contains("transpose", e.Message);
        Assert.Contains("[5]", e.Message);
    }
}
