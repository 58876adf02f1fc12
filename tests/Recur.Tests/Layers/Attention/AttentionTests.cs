using Recur.Layers.Attention;
using Recur.Tensors;

namespace Recur.Tests.Layers.Attention;

public class AttentionTests
{
    [Fact]
    public void Dot_attention_matches_hand_computed_weights_and_ignores_padding()
    {
        // Row 0: query [1, 0] over keys [1, 0], [0, 1] and a padded [5, 5]: scores 1, 0 -> weights e/(e+1), 1/(e+1), 0.
        var query = Tensor.FromArray([1f, 0f, 0f, 2f], 2, 2);
        var memory = Tensor.FromArray([1f, 0f, 0f, 1f, 5f, 5f, 1f, 1f, 0f, 1f, 2f, 0f], 2, 3, 2);
        var att = new DotAttention(2, 2);
        var (context, weights) = att.Forward(query, memory, [2, 3]);
        float e = MathF.E;
        var w = weights.ToArray();
        TestUtil.AssertClose([e / (e + 1), 1 / (e + 1), 0f], w[..3], 1e-6);
        Assert.Equal(1f, w[3] + w[4] + w[5], 5);
        TestUtil.AssertClose([e / (e + 1), 1 / (e + 1)], context.ToArray()[..2], 1e-6);
        // Row 1: query [0, 2] scores 2, 2, 0.
        float z = 2 * MathF.Exp(2) + 1;
        TestUtil.AssertClose([MathF.Exp(2) / z, MathF.Exp(2) / z, 1 / z], w[3..], 1e-6);
    }

    [Fact]
    public void Padded_steps_get_zero_weight_and_zero_gradient()
    {
        var g = new Generator(3);
        foreach (IAttention att in new IAttention[] { new AdditiveAttention(3, 4, 5, g), new DotAttention(3, 4, DotScoring.General, g) })
        {
            var query = TestUtil.Rand(g, 2, 3);
            var memory = TestUtil.Rand(g, 2, 4, 4);
            var (context, weights) = att.Forward(query, memory, [4, 2]);
            Assert.Equal(0f, weights.ToArray()[6]);
            Assert.Equal(0f, weights.ToArray()[7]);
            context.Sum().Backward();
            var grad = memory.Grad!.ToArray();
            for (int i = 24; i < 32; i++) Assert.Equal(0f, grad[i]); // row 1, steps 2 and 3
            Assert.Contains(grad[..24], v => v != 0f);
        }
    }

    [Fact]
    public void Changing_a_padded_value_does_not_change_the_output()
    {
        var g = new Generator(5);
        var att = new AdditiveAttention(3, 4, 6, g);
        var query = Tensor.Uniform(g, -1, 1, 2, 3);
        var memory = Tensor.Uniform(g, -1, 1, 2, 3, 4);
        var (c1, _) = att.Forward(query, memory, [3, 1]);
        memory.Data[20] = 50f; // row 1, step 2
        var (c2, _) = att.Forward(query, memory, [3, 1]);
        TestUtil.AssertClose(c1.ToArray(), c2.ToArray(), 0);
    }

    [Fact]
    public void Additive_attention_passes_gradient_check_with_a_mask()
    {
        var g = new Generator(7);
        var att = new AdditiveAttention(3, 4, 5, g);
        TestUtil.AssertGradCheck(t => att.Forward(t[0], t[1], [3, 2]).Context, TestUtil.Rand(g, 2, 3), TestUtil.Rand(g, 2, 3, 4));
        TestUtil.AssertGradCheck(t => att.Forward(t[0], t[1], [1, 3]).Weights, TestUtil.Rand(g, 2, 3), TestUtil.Rand(g, 2, 3, 4));
    }

    [Fact]
    public void Dot_and_general_attention_pass_gradient_check_with_a_mask()
    {
        var g = new Generator(8);
        var dot = new DotAttention(4, 4);
        TestUtil.AssertGradCheck(t => dot.Forward(t[0], t[1], [2, 3]).Context, TestUtil.Rand(g, 2, 4), TestUtil.Rand(g, 2, 3, 4));
        var general = new DotAttention(3, 4, DotScoring.General, g);
        TestUtil.AssertGradCheck(t => general.Forward(t[0], t[1], [3, 1]).Context, TestUtil.Rand(g, 2, 3), TestUtil.Rand(g, 2, 3, 4));
        TestUtil.AssertGradCheck(t => general.Forward(t[0], t[1], null).Weights, TestUtil.Rand(g, 2, 3), TestUtil.Rand(g, 2, 3, 4));
    }

    [Fact]
    public void Bad_shapes_and_lengths_are_clear_errors()
    {
        Assert.Throws<ArgumentException>(() => new DotAttention(3, 4));
        var att = new DotAttention(4, 4);
        var e = Assert.Throws<ArgumentException>(() => att.Forward(Tensor.Zeros(2, 4), Tensor.Zeros(2, 3, 4), [0, 3]));
        Assert.Contains("at least one real step", e.Message);
    }

    [Fact]
    public void Projected_keys_of_the_wrong_shape_are_refused()
    {
        var g = new Generator(1);
        var att = new AdditiveAttention(4, 6, 5, generator: g);
        var q = Tensor.Uniform(g, -1, 1, 2, 4);
        var memory = Tensor.Uniform(g, -1, 1, 2, 3, 6);
        foreach (var keys in new[] { att.ProjectKeys(Tensor.Uniform(g, -1, 1, 1, 3, 6)), Tensor.Uniform(g, -1, 1, 3, 5), Tensor.Uniform(g, -1, 1, 2, 7, 5) })
            Assert.Contains("expected projectedKeys [2, 3, 5]", Assert.Throws<ArgumentException>(() => att.Forward(q, memory, keys, null)).Message);
        Assert.Throws<ArgumentNullException>(() => att.Forward(null!, memory, null));
        Assert.Throws<ArgumentNullException>(() => new DotAttention(4, 4).Forward(q, null!, null));
    }
}
