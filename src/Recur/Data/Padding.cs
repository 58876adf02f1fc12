// Padding: variable-length sequences to one batch-first block plus lengths and masks, like PyTorch's
// pad_sequence(batch_first=True). T is the longest length, or maxLength when given, in which case longer
// sequences are truncated at the end (their first maxLength steps are kept). Legend: B batch, T steps, F features.
using Recur.Tensors;

namespace Recur.Data;

/// <summary>Pads sequences to a common length and builds [B, T] masks.</summary>
public static class Padding
{
    /// <summary>
    /// Pads id sequences with <paramref name="padValue"/> to T = max length (or <paramref name="maxLength"/>,
    /// truncating longer ones): a <see cref="PaddedBatch"/> with Data [B * T] and Lengths [B].
    /// </summary>
    public static PaddedBatch PadSequences(IReadOnlyList<int[]> sequences, int padValue = 0, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int b = sequences.Count;
        if (b == 0) throw new ArgumentException("There are no sequences to pad.", nameof(sequences));
        var lengths = new int[b];
        for (int i = 0; i < b; i++)
            lengths[i] = (sequences[i] ?? throw new ArgumentException($"Sequence {i} is null.", nameof(sequences))).Length;
        int steps = Steps(lengths, maxLength);
        var data = new int[b * steps];
        data.AsSpan().Fill(padValue);
        for (int i = 0; i < b; i++)
        {
            lengths[i] = Math.Min(lengths[i], steps);
            sequences[i].AsSpan(0, lengths[i]).CopyTo(data.AsSpan(i * steps));
        }
        return new PaddedBatch(data, b, steps, lengths);
    }

    /// <summary>
    /// Pads feature sequences, each [T_b, F], with <paramref name="padValue"/> to x [B, T, F], T = max T_b
    /// (or <paramref name="maxLength"/>, truncating longer ones); Lengths [B] are the lengths after truncation.
    /// </summary>
    public static (Tensor X, int[] Lengths) PadSequences(IReadOnlyList<float[,]> sequences, float padValue = 0f, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int b = sequences.Count;
        if (b == 0) throw new ArgumentException("There are no sequences to pad.", nameof(sequences));
        var lengths = new int[b];
        int features = -1;
        for (int i = 0; i < b; i++)
        {
            var s = sequences[i] ?? throw new ArgumentException($"Sequence {i} is null.", nameof(sequences));
            if (features < 0) features = s.GetLength(1);
            else if (s.GetLength(1) != features)
                throw new ArgumentException($"Sequence {i} has {s.GetLength(1)} features but sequence 0 has {features}.", nameof(sequences));
            lengths[i] = s.GetLength(0);
        }
        int steps = Steps(lengths, maxLength);
        var x = Tensor.Full(padValue, b, steps, features);
        var d = x.Data;
        for (int i = 0; i < b; i++)
        {
            lengths[i] = Math.Min(lengths[i], steps);
            var s = sequences[i];
            for (int t = 0; t < lengths[i]; t++)
                for (int f = 0; f < features; f++)
                    d[(i * steps + t) * features + f] = s[t, f];
        }
        return (x, lengths);
    }

    /// <summary>A [B, T] mask, B = <paramref name="lengths"/>.Length: 1 where t &lt; lengths[b], else 0.</summary>
    public static Tensor Mask(ReadOnlySpan<int> lengths, int steps)
    {
        if (steps < 0) throw new ArgumentException($"The number of steps must be non-negative, got {steps}.", nameof(steps));
        var mask = Tensor.Zeros(lengths.Length, steps);
        var d = mask.Data;
        for (int b = 0; b < lengths.Length; b++)
        {
            if (lengths[b] < 0 || lengths[b] > steps)
                throw new ArgumentException($"Length {lengths[b]} of sequence {b} is outside 0..{steps}.", nameof(lengths));
            d.Slice(b * steps, lengths[b]).Fill(1f);
        }
        return mask;
    }

    private static int Steps(int[] lengths, int? maxLength)
    {
        if (maxLength is int m)
        {
            if (m <= 0) throw new ArgumentException($"maxLength must be positive, got {m}.", nameof(maxLength));
            return m;
        }
        int steps = 0;
        foreach (int l in lengths) steps = Math.Max(steps, l);
        if (steps == 0) throw new ArgumentException("Every sequence is empty, so there is nothing to pad.", "sequences");
        return steps;
    }
}
