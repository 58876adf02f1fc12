// PaddedBatch: integer sequences (token ids) padded to one length, batch-first: Data [B * T] row-major,
// with each sequence's true length. Mask() gives [B, T] with 1 at real steps and 0 at padding, the
// weight a masked loss multiplies by; Lengths is what a packed RNN run takes.
using Recur.Tensors;

namespace Recur.Data;

/// <summary>
/// Sequences padded to <paramref name="Steps"/> (T) steps: <paramref name="Data"/> [B * T] row-major
/// (sequence b at step t is Data[b * T + t]) and each sequence's length (after truncation), <paramref name="Lengths"/> [B].
/// </summary>
/// <param name="Data">The padded ids, [B * T] row-major.</param>
/// <param name="Batch">B, the number of sequences.</param>
/// <param name="Steps">T, the padded length.</param>
/// <param name="Lengths">Each sequence's real length, [B], each at most T.</param>
public sealed record PaddedBatch(int[] Data, int Batch, int Steps, int[] Lengths)
{
    /// <summary>The id of sequence <paramref name="b"/> at step <paramref name="t"/>.</summary>
    public int this[int b, int t] => Data[b * Steps + t];

    /// <summary>[B, T]: 1 where t &lt; Lengths[b], else 0.</summary>
    public Tensor Mask() => Padding.Mask(Lengths, Steps);

    /// <summary>The ids as a float tensor [B, T] (exact for ids below 2^24), the input an embedding takes.</summary>
    public Tensor AsTensor()
    {
        var t = Tensor.Zeros(Batch, Steps);
        var d = t.Data;
        for (int i = 0; i < Data.Length; i++) d[i] = Data[i];
        return t;
    }
}
