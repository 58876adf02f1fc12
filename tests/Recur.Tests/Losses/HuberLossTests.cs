// Tests of HuberLoss: gradients on both sides of delta for every reduction and two deltas, the
// piecewise forward against a double-precision loop, the slope clamp at +-delta, and bad arguments.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Tests.Losses;

public class HuberLossTests
{
    [Theory]
    [InlineData(1f, Reduction.Mean)]
    [InlineData(1f, Reduction.Sum)]
    [InlineData(1f, Reduction.None)]
    [InlineData(0.9f, Reduction.Mean)]
    public void Gradients_match_finite_differences(float delta, Reduction reduction)
    {
        var (x, y) = LossTestData.Pair(321, true, 3, 4);
        var loss = new HuberLoss(delta, reduction);
        TestUtil.AssertGradCheck(t => loss.Compute(t[0], t[1]), x, y);
    }

    [Theory]
    [InlineData(1f, Reduction.Mean)]
    [InlineData(0.5f, Reduction.Sum)]
    [InlineData(2f, Reduction.None)]
    public void Forward_matches_double_loop(float delta, Reduction reduction)
    {
        var (x, y) = LossTestData.Pair(322, true, 4, 3);
        var per = new double[x.Length];
        for (int i = 0; i < per.Length; i++)
        {
            double a = Math.Abs((double)x.ReadOnlyData[i] - y.ReadOnlyData[i]);
            per[i] = a < delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
        }
        var result = new HuberLoss(delta, reduction).Compute(x, y);
        LossTestData.AssertLoss(LossTestData.Reduce(per, reduction), result, reduction, [4, 3]);
    }

    [Fact]
    public void Slope_is_clamped_to_delta()
    {
        var x = Tensor.FromArray([3f, -3f, 0.25f]).RequireGrad();
        new HuberLoss(0.5f, Reduction.Sum).Compute(x, Tensor.Zeros(3)).Backward();
        Assert.Equal([0.5f, -0.5f, 0.25f], x.Grad!.ToArray());
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void Non_positive_delta_is_rejected(float delta)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new HuberLoss(delta));
        Assert.Contains("non-positive values for delta", e.Message);
    }

    [Fact]
    public void Mismatched_shapes_name_the_loss_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new HuberLoss().Compute(Tensor.Zeros(2, 2), Tensor.Zeros(4)));
        Assert.Contains("HuberLoss", e.Message);
        Assert.Contains("[2, 2]", e.Message);
        Assert.Contains("[4]", e.Message);
    }
}
