// Tests of Split: one node with several outputs; gradients with all outputs used and with one unused,
// forward against per-index reads, and sizes that do not add up.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class SplitFunctionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Gradients_match_finite_differences(int axis)
    {
        var g = new Generator(191);
        TestUtil.AssertGradCheck(x =>
        {
            var parts = x[0].Split([1, 2, 1], axis);
            return Tensor.Concat([parts[2] * 2f, parts[0], parts[1].Exp()], axis);
        }, TestUtil.Rand(g, 4, 4, 4));
    }

    [Fact]
    public void Unused_outputs_contribute_zero_gradient()
    {
        var x = Tensor.Ones(2, 5).RequireGrad();
        var parts = x.Split([2, 3], -1);
        Assert.Same(parts[0].GradFn, parts[1].GradFn);
        Assert.Equal(1, parts[1].OutputIndex);
        parts[1].Sum().Backward();
        Assert.Equal(new[] { 0f, 0f, 1f, 1f, 1f, 0f, 0f, 1f, 1f, 1f }, x.Grad!.ToArray());
        var g = new Generator(192);
        TestUtil.AssertGradCheck(t => t[0].Split([3, 1], 0)[0], TestUtil.Rand(g, 4, 2));
    }

    [Fact]
    public void Forward_reads_consecutive_ranges()
    {
        var g = new Generator(193);
        var x = Tensor.Uniform(g, -1, 1, 3, 5);
        var parts = x.Split([2, 0, 3], 1);
        Assert.Equal(new[] { 3, 2 }, parts[0].ShapeArray);
        Assert.Equal(new[] { 3, 0 }, parts[1].ShapeArray);
        Assert.Equal(new[] { 3, 3 }, parts[2].ShapeArray);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 5; j++)
                Assert.Equal(x.GetValue(i, j), j < 2 ? parts[0].GetValue(i, j) : parts[2].GetValue(i, j - 2));
    }

    [Fact]
    public void Sizes_that_do_not_sum_name_op_and_shapes()
    {
        var x = Tensor.Zeros(3, 5);
        var e = Assert.Throws<ArgumentException>(() => x.Split([2, 2], 1));
        Assert.Contains("split", e.Message);
        Assert.Contains("[2, 2]", e.Message);
        Assert.Contains("[3, 5]", e.Message);
        Assert.Throws<ArgumentException>(() => x.Split([4, -1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Split([3], 2));
    }
}
