// PaddingMask: the lengths a Sequential reads from padded token ids [B, T] after an Embedding with
// maskPadding (Keras' mask_zero): sample b's length is where its padding starts. Padding must come at the
// end (as Padding.PadSequences writes it): a recurrent layer with lengths stops there, which equals Keras'
// skipping of masked steps only for trailing padding, so padding before a real token is refused.
using Recur.Tensors;

namespace Recur.Layers;

internal static class PaddingMask
{
    /// <summary>Lengths [B] of ids [B, T] padded with <paramref name="padding"/> at the end; layer names the Embedding in errors.</summary>
    internal static int[] Lengths(Tensor ids, int padding, int layer)
    {
        if (ids.Rank != 2)
            throw new ArgumentException(
                $"Sequential: the padding mask of layer {layer} (Embedding) needs token ids [B, T], got {Shapes.Format(ids.Shape)}.");
        int b = ids.Size(0), t = ids.Size(1);
        var data = ids.ReadOnlyData;
        var lengths = new int[b];
        for (int s = 0; s < b; s++)
        {
            var row = data.Slice(s * t, t);
            int length = 0;
            while (length < t && row[length] != padding) length++;
            if (length == 0)
            {
                int first = row.IndexOfAnyExcept((float)padding);
                throw new ArgumentException(first < 0
                    ? $"Sequential: sample {s} is all padding (token {padding}), so it has no step to read; leave empty samples out."
                    : $"Sequential: sample {s} starts with padding (token {padding}) before its first real token at step {first} (pre-padding, " +
                      "Keras' default); the padding mask needs padding at the end of each sample (post-padding, as Padding.PadSequences " +
                      "writes it, or Keras' padding='post').");
            }
            for (int k = length + 1; k < t; k++)
                if (row[k] != padding)
                    throw new ArgumentException(
                        $"Sequential: sample {s} has padding (token {padding}) at step {length} before a real token at step {k}; the padding " +
                        "mask needs padding at the end of each sample (post-padding, as Padding.PadSequences writes it).");
            lengths[s] = length;
        }
        return lengths;
    }
}
