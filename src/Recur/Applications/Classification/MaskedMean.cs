// MaskedMean: the mean of a padded batch of sequences over each sequence's real steps. Legend: B batch,
// T steps, F features.
using Recur.Data;
using Recur.Tensors;

namespace Recur.Applications.Classification;

/// <summary>Mean over time that ignores padding.</summary>
public static class MaskedMean
{
    /// <summary>
    /// x [B, T, F] batch-first, lengths [B] each in 1..T -> [B, F] = sum_{t &lt; lengths[b]} x[b, t] / lengths[b].
    /// Differentiable; padded steps get zero gradient.
    /// </summary>
    public static Tensor Forward(Tensor x, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(lengths);
        if (x.Rank != 3 || x.Size(0) != lengths.Length)
            throw new ArgumentException($"MaskedMean: expected x [B, T, F] with B = {lengths.Length} lengths, got {Shapes.Format(x.Shape)}.");
        int b = x.Size(0), t = x.Size(1);
        var mask = Padding.Mask(lengths, t).Reshape(b, t, 1);
        var inverse = Tensor.Zeros(b, 1);
        for (int i = 0; i < b; i++)
        {
            if (lengths[i] < 1) throw new ArgumentException($"MaskedMean: sequence {i} has length {lengths[i]}; lengths must be at least 1.");
            inverse.Data[i] = 1f / lengths[i];
        }
        return (x * mask).Sum(1) * inverse;
    }
}
