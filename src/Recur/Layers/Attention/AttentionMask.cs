// AttentionMask: the additive penalty that hides padded source positions from a softmax: 0 where
// s < lengths[b], a large negative number elsewhere, so exp underflows to exactly 0 in float32 and the
// padded positions get weight 0 and gradient 0. Legend: B batch, S source steps.
using Recur.Tensors;

namespace Recur.Layers.Attention;

/// <summary>Masks for attention over padded sequences.</summary>
public static class AttentionMask
{
    /// <summary>The score given to padded positions before the softmax.</summary>
    public const float Masked = -1e9f;

    /// <summary>lengths [B] each in 1..S -> penalty [B, S]: 0 on real steps, <see cref="Masked"/> on padding.</summary>
    public static Tensor Penalty(ReadOnlySpan<int> lengths, int steps)
    {
        var penalty = Tensor.Zeros(lengths.Length, steps);
        var d = penalty.Data;
        for (int b = 0; b < lengths.Length; b++)
        {
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new ArgumentException($"attention: length {lengths[b]} of sequence {b} is outside 1..{steps}; every sequence needs at least one real step.", nameof(lengths));
            d.Slice(b * steps + lengths[b], steps - lengths[b]).Fill(Masked);
        }
        return penalty;
    }

    /// <summary>
    /// Softmax over the last axis of scores [B, S] with padded positions masked; null lengths means no padding.
    /// </summary>
    public static Tensor Softmax(Tensor scores, int[]? lengths)
    {
        if (scores.Rank != 2) throw new ArgumentException($"attention: scores must be [B, S], got {Shapes.Format(scores.Shape)}.");
        if (lengths == null) return scores.Softmax(1);
        if (lengths.Length != scores.Size(0))
            throw new ArgumentException($"attention: {lengths.Length} lengths for a batch of {scores.Size(0)}.", nameof(lengths));
        return (scores + Penalty(lengths, scores.Size(1))).Softmax(1);
    }

    /// <summary>weights [B, S] and values [B, S, H] -> the weighted sum [B, H].</summary>
    public static Tensor Context(Tensor weights, Tensor values)
    {
        int b = weights.Size(0), s = weights.Size(1);
        return weights.Reshape(b, 1, s).MatMul(values).Reshape(b, values.Size(2));
    }
}
