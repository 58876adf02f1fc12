// Tests of MseLoss: gradients (prediction and target) for every reduction, the forward against a
// double-precision loop, the fused node, and the shape error.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Tests.Losses;

public class MseLossTests
{
    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void Gradients_match_finite_differences(Reduction reduction)
    {
        var (x, y) = LossTestData.Pair(301, false, 3, 4);
        var loss = new MseLoss(reduction);
        TestUtil.AssertGradCheck(t => loss.Compute(t[0], t[1]), x, y);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void Forward_matches_double_loop(Reduction reduction)
    {
        var (x, y) = LossTestData.Pair(302, true, 2, 3, 2);
        var per = new double[x.Length];
        for (int i = 0; i < per.Length; i++)
        {
            double d = (double)x.ReadOnlyData[i] - y.ReadOnlyData[i];
            per[i] = d * d;
        }
        var result = new MseLoss(reduction).Compute(x, y);
        LossTestData.AssertLoss(LossTestData.Reduce(per, reduction), result, reduction, [2, 3, 2]);
        Assert.Equal("MseLossBackward", result.GradFnName);
    }

    [Fact]
    public void Mismatched_shapes_name_the_loss_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new MseLoss().Compute(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)));
        Assert.Contains("MseLoss", e.Message);
        Assert.Contains("Target size [3, 2] must be the same as input size [2, 3]", e.Message);
    }

    [Fact]
    public void Undefined_reduction_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MseLoss((Reduction)7));
    }
}
