// Tests of BceWithLogitsLoss: gradients for input, target and posWeight over every reduction, the
// forward against a double-precision formula, stability at |x| = 100, and the shape errors.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Tests.Losses;

public class BceWithLogitsLossTests
{
    [Theory]
    [InlineData(Reduction.Mean, false)]
    [InlineData(Reduction.Sum, false)]
    [InlineData(Reduction.None, false)]
    [InlineData(Reduction.Mean, true)]
    [InlineData(Reduction.Sum, true)]
    [InlineData(Reduction.None, true)]
    public void Gradients_match_finite_differences(Reduction reduction, bool withPosWeight)
    {
        var g = new Generator(501);
        var x = Tensor.Uniform(g, -3f, 3f, 3, 4).RequireGrad();
        var y = Tensor.Uniform(g, 0f, 1f, 3, 4).RequireGrad();
        var posWeight = withPosWeight ? Tensor.FromArray([0.5f, 2f, 1f, 3f]).RequireGrad() : null;
        Tensor[] inputs = withPosWeight ? [x, y, posWeight!] : [x, y];
        TestUtil.AssertGradCheck(t => new BceWithLogitsLoss(reduction, withPosWeight ? t[2] : null).Compute(t[0], t[1]), inputs);
    }

    [Theory]
    [InlineData(Reduction.Mean, false)]
    [InlineData(Reduction.Sum, true)]
    [InlineData(Reduction.None, true)]
    public void Forward_matches_double_formula(Reduction reduction, bool withPosWeight)
    {
        var x = Tensor.FromArray([-100f, -2f, 0f, 0.5f, 3f, 100f], 2, 3);
        var y = Tensor.FromArray([1f, 0f, 0.3f, 1f, 0f, 0f], 2, 3);
        float[] pw = withPosWeight ? [2f, 0.5f, 4f] : [1f, 1f, 1f];
        var per = new double[6];
        for (int i = 0; i < 6; i++)
        {
            double xi = x.ReadOnlyData[i], yi = y.ReadOnlyData[i], p = pw[i % 3];
            double softplusNeg = Math.Max(-xi, 0) + Math.Log(1 + Math.Exp(-Math.Abs(xi)));
            per[i] = (1 - yi) * xi + (1 + (p - 1) * yi) * softplusNeg;
        }
        var loss = new BceWithLogitsLoss(reduction, withPosWeight ? Tensor.FromArray(pw) : null);
        var result = loss.Compute(x, y);
        LossTestData.AssertLoss(LossTestData.Reduce(per, reduction), result, reduction, [2, 3]);
    }

    [Fact]
    public void Extreme_logits_give_finite_values_and_gradients()
    {
        var x = Tensor.FromArray([-200f, 200f, -200f, 200f]).RequireGrad();
        var y = Tensor.FromArray([0f, 1f, 1f, 0f]);
        var result = new BceWithLogitsLoss(Reduction.None).Compute(x, y);
        Assert.Equal([0f, 0f, 200f, 200f], result.ToArray());
        result.Sum().Backward();
        Assert.Equal([0f, 0f, -1f, 1f], x.Grad!.ToArray());
    }

    [Fact]
    public void Gradients_keep_full_precision_where_the_loss_is_tiny()
    {
        // y = 0 with x far below 0 (and y = 1 far above): the gradient is sigmoid(x) (resp. -sigmoid(-x)),
        // tiny but exact; (1 - y) - sigmoid(-x) cancelled it to 0 for x below about -17 (PyTorch keeps it).
        float[] xs = [-5f, -10f, -15f, -17f, -20f, -30f, -50f];
        var x = Tensor.FromArray(xs).RequireGrad();
        new BceWithLogitsLoss(Reduction.Sum).Compute(x, Tensor.Zeros(xs.Length)).Backward();
        var x1 = Tensor.FromArray(xs.Select(v => -v).ToArray()).RequireGrad();
        new BceWithLogitsLoss(Reduction.Sum).Compute(x1, Tensor.Ones(xs.Length)).Backward();
        for (int i = 0; i < xs.Length; i++)
        {
            double exact = 1 / (1 + Math.Exp(-xs[i]));
            Assert.True(Math.Abs(x.Grad!.ToArray()[i] - exact) <= 1e-6 * exact, $"x = {xs[i]}, y = 0: {x.Grad!.ToArray()[i]} vs {exact}");
            Assert.True(Math.Abs(x1.Grad!.ToArray()[i] + exact) <= 1e-6 * exact, $"x = {-xs[i]}, y = 1: {x1.Grad!.ToArray()[i]} vs {-exact}");
        }
    }

    [Fact]
    public void Mismatched_shapes_name_the_loss_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new BceWithLogitsLoss().Compute(Tensor.Zeros(2, 4), Tensor.Zeros(2, 3)));
        Assert.Contains("BceWithLogitsLoss", e.Message);
        Assert.Contains("Target size [2, 3] must be the same as input size [2, 4]", e.Message);
    }

    [Fact]
    public void Pos_weight_must_have_one_entry_per_class_or_one()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new BceWithLogitsLoss(posWeight: Tensor.Ones(3)).Compute(Tensor.Zeros(2, 4), Tensor.Zeros(2, 4)));
        Assert.Contains("[3]", e.Message);
        Assert.Contains("[2, 4]", e.Message);
        Assert.Throws<ArgumentException>(() => new BceWithLogitsLoss(posWeight: Tensor.Ones(2, 2)));
        var single = new BceWithLogitsLoss(Reduction.Sum, Tensor.FromArray([3f])).Compute(Tensor.Zeros(2, 4), Tensor.Ones(2, 4));
        Assert.Equal(8 * 3 * MathF.Log(2f), single.Item(), 1e-4f);
    }
}
