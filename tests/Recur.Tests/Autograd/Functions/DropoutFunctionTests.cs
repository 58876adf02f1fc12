// Tests of Dropout: gradients with a mask repeated by re-seeding, scaling of kept entries, mask
// determinism per seed, the dropped fraction, the pass-through cases and the probability check.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class DropoutFunctionTests
{
    [Fact]
    public void Gradients_match_finite_differences_with_a_repeated_mask()
    {
        var g = new Generator(141);
        TestUtil.AssertGradCheck(x => Tensor.Dropout(x[0], 0.4f, new Generator(99)), TestUtil.Rand(g, 3, 5));
    }

    [Fact]
    public void Kept_entries_are_scaled_and_mask_follows_the_generator()
    {
        var x = Tensor.Uniform(new Generator(142), 1, 2, 200);
        const float p = 0.3f;
        var y = Tensor.Dropout(x, p, new Generator(5));
        var mask = new Generator(5);
        for (int i = 0; i < 200; i++)
        {
            float expected = mask.NextFloat() < p ? 0f : x.GetValue(i) / (1f - p);
            Assert.Equal(expected, y.GetValue(i), 1e-6f);
        }
    }

    [Fact]
    public void Same_seed_same_mask_different_seed_different_mask()
    {
        var x = Tensor.Ones(1000);
        var a = Tensor.Dropout(x, 0.5f, new Generator(7)).ToArray();
        var b = Tensor.Dropout(x, 0.5f, new Generator(7)).ToArray();
        var c = Tensor.Dropout(x, 0.5f, new Generator(8)).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void About_p_of_the_entries_are_dropped()
    {
        var y = Tensor.Dropout(Tensor.Ones(100_000), 0.25f, new Generator(143)).ReadOnlyData;
        int dropped = 0;
        foreach (float v in y)
            if (v == 0f) dropped++;
            else Assert.Equal(1f / 0.75f, v);
        Assert.InRange(dropped / 100_000.0, 0.24, 0.26);
    }

    [Fact]
    public void Eval_mode_and_zero_p_return_the_input()
    {
        var x = Tensor.Ones(3).RequireGrad();
        Assert.Same(x, Tensor.Dropout(x, 0.5f, new Generator(1), training: false));
        Assert.Same(x, Tensor.Dropout(x, 0f, new Generator(1)));
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void Probability_outside_zero_one_throws(float p)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Dropout(Tensor.Ones(2, 2), p, new Generator(1)));
        Assert.Contains("dropout", e.Message);
        Assert.Contains("[2, 2]", e.Message);
    }
}
