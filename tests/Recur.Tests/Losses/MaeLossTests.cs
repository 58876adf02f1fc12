// Tests of MaeLoss (L1): gradients for every reduction away from the kink, the forward against a
// double-precision loop, sign(0) = 0 at x == y, and the shape error.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Tests.Losses;

public class MaeLossTests
{
    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void Gradients_match_finite_differences(Reduction reduction)
    {
        var (x, y) = LossTestData.Pair(311, false, 3, 4);
        var loss = new MaeLoss(reduction);
        TestUtil.AssertGradCheck(t => loss.Compute(t[0], t[1]), x, y);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void Forward_matches_double_loop(Reduction reduction)
    {
        var (x, y) = LossTestData.Pair(312, true, 5);
        var per = new double[x.Length];
        for (int i = 0; i < per.Length; i++) per[i] = Math.Abs((double)x.ReadOnlyData[i] - y.ReadOnlyData[i]);
        var result = new MaeLoss(reduction).Compute(x, y);
        LossTestData.AssertLoss(LossTestData.Reduce(per, reduction), result, reduction, [5]);
        Assert.Equal("mae", new MaeLoss().Name);
    }

    [Fact]
    public void Equal_elements_get_zero_gradient_as_in_pytorch()
    {
        var x = Tensor.FromArray([1f, 2f, 3f]).RequireGrad();
        var y = Tensor.FromArray([1f, 0f, 5f]).RequireGrad();
        new MaeLoss(Reduction.Sum).Compute(x, y).Backward();
        Assert.Equal([0f, 1f, -1f], x.Grad!.ToArray());
        Assert.Equal([0f, -1f, 1f], y.Grad!.ToArray());
    }

    [Fact]
    public void Mismatched_shapes_name_the_loss_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new MaeLoss().Compute(Tensor.Zeros(4), Tensor.Zeros(4, 1)));
        Assert.Contains("MaeLoss", e.Message);
        Assert.Contains("[4, 1]", e.Message);
        Assert.Contains("[4]", e.Message);
    }
}
