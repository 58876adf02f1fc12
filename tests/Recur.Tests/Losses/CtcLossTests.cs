// CtcLoss: finite-difference gradient checks (direct on log-probabilities and through LogSoftmax), a value
// by hand, and the argument errors.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Tests.Losses;

public class CtcLossTests
{
    [Fact]
    public void Gradient_passes_finite_differences()
    {
        var g = new Generator(9);
        var logits = TestUtil.Rand(g, 3, 7, 4);
        int[][] targets = [[1, 2, 2], [3], [1, 3]];
        TestUtil.AssertGradCheck(t => new CtcLoss(reduction: Reduction.None).Compute(t[0].LogSoftmax(-1), targets, [7, 5, 6]), logits);
        var lp = Tensor.Uniform(g, -3f, -0.2f, 3, 7, 4).RequireGrad();
        TestUtil.AssertGradCheck(t => new CtcLoss(reduction: Reduction.None).Compute(t[0], targets, [7, 5, 6]), lp);
        TestUtil.AssertGradCheck(t => new CtcLoss().Compute(t[0].LogSoftmax(-1), targets, [7, 6, 6]).Reshape(1), logits);
    }

    [Fact]
    public void Value_by_hand()
    {
        // T = 2, uniform over 3 classes: the paths for label [1] are (1,1), (0,1), (1,0): p = 3/9.
        var lp = Tensor.Full(MathF.Log(1f / 3), 1, 2, 3);
        var loss = new CtcLoss(reduction: Reduction.Sum).Compute(lp, [[1]], [2]);
        Assert.Equal(-Math.Log(3.0 / 9), loss.Item(), 5);
        // Label [1, 1] in 2 frames is impossible (a blank must separate the repeats).
        Assert.True(float.IsPositiveInfinity(new CtcLoss(reduction: Reduction.Sum).Compute(lp, [[1, 1]], [2]).Item()));
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        var lp = Tensor.Zeros(2, 5, 4);
        var loss = new CtcLoss();
        Assert.Contains("blank", Assert.Throws<ArgumentException>(() => loss.Compute(lp, [[0], [1]], [5, 5])).Message);
        Assert.Contains("input_lengths[1]", Assert.Throws<ArgumentException>(() => loss.Compute(lp, [[1], [1]], [5, 6])).Message);
        Assert.Contains("add up", Assert.Throws<ArgumentException>(() => loss.Compute(lp, [1, 2], [5, 5], [1, 2])).Message);
        Assert.Throws<ArgumentException>(() => loss.Compute(Tensor.Zeros(5, 4), [[1]], [5]));
        Assert.Throws<ArgumentException>(() => new CtcLoss(blank: 4).Compute(lp, [[1], [1]], [5, 5]));
    }
}
