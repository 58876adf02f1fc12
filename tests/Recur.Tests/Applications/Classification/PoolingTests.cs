using Recur.Applications.Classification;
using Recur.Layers.Attention;
using Recur.Tensors;

namespace Recur.Tests.Applications.Classification;

public class PoolingTests
{
    [Fact]
    public void Masked_mean_averages_the_real_steps_only()
    {
        // x [2, 3, 2]; sequence 0 has 3 steps, sequence 1 has 1 (its padded steps hold 100s).
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 100f, 100f, 100f, 100f], 2, 3, 2);
        var y = MaskedMean.Forward(x, [3, 1]);
        Assert.Equal([3f, 4f, 7f, 8f], y.ToArray());
        TestUtil.AssertGradCheck(t => MaskedMean.Forward(t[0], [3, 2]), TestUtil.Rand(new Generator(1), 2, 3, 2));
    }

    [Fact]
    public void Attention_gives_padded_steps_zero_weight_and_ignores_their_values()
    {
        var pool = new AttentionPooling(4, 5, new Generator(2));
        var x = Tensor.Uniform(new Generator(3), -1f, 1f, 3, 6, 4);
        int[] lengths = [6, 2, 4];
        var (pooled, weights) = pool.Forward(x, lengths);
        var w = weights.ToArray();
        for (int b = 0; b < 3; b++)
        {
            Assert.Equal(1f, w.AsSpan(b * 6, 6).ToArray().Sum(), 5);
            for (int t = lengths[b]; t < 6; t++) Assert.Equal(0f, w[b * 6 + t]);
        }
        var changed = x.ToArray();
        for (int t = 2; t < 6; t++)
            for (int f = 0; f < 4; f++) changed[(1 * 6 + t) * 4 + f] = 50f;   // overwrite sequence 1's padding
        var (pooled2, _) = pool.Forward(Tensor.FromArray(changed, 3, 6, 4), lengths);
        TestUtil.AssertClose(pooled.ToArray(), pooled2.ToArray(), 1e-6, 1e-6, "pooled");
        TestUtil.AssertGradCheck(t => pool.Forward(t[0], [3, 1]).Pooled, TestUtil.Rand(new Generator(4), 2, 3, 4));
    }
}
