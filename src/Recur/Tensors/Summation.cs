// Summation: long float sums without the error of one running total. TensorPrimitives.Sum keeps one float
// total per vector lane, so a million terms of 0.1 come out 0.09 % low, and adding a million rows one after
// another loses as much. Long sums here run in short chunks (each summed in float as before) whose totals are
// added in double, as PyTorch's cascade sums bound the error; sums up to 1,024 elements (256 rows) are left
// exactly as they were, so short reductions keep their bits.
namespace Recur.Tensors;

internal static class Summation
{
    /// <summary>Up to this many elements are summed in one float pass, as they always were.</summary>
    internal const int Block = 1024;

    /// <summary>Past <see cref="Block"/> elements, elements summed in float before their total joins the double sum
    /// (64 per lane with 4-wide vectors, 32 with 8-wide).</summary>
    private const int Chunk = 256;

    /// <summary>Up to this many rows are added one by one in float, as they always were.</summary>
    internal const int RowBlock = 256;

    /// <summary>Past <see cref="RowBlock"/> rows, rows added in float before their total joins the double-precision sums.</summary>
    private const int RowChunk = 32;

    /// <summary>The sum of <paramref name="x"/>.</summary>
    internal static float Sum(ReadOnlySpan<float> x)
    {
        if (x.Length <= Block) return TensorPrimitives.Sum(x);
        double total = 0;
        for (int i = 0; i < x.Length; i += Chunk)
            total += TensorPrimitives.Sum(x.Slice(i, Math.Min(Chunk, x.Length - i)));
        return (float)total;
    }

    /// <summary>
    /// dst += the sum of the <paramref name="rows"/> rows of <paramref name="x"/> (each <paramref name="dst"/>.Length
    /// long, one after another). Up to <see cref="RowBlock"/> rows are added one by one into dst; more run in
    /// blocks whose totals are added in double.
    /// </summary>
    internal static void AddRows(ReadOnlySpan<float> x, int rows, Span<float> dst) =>
        AddRows(x, rows, dst, rows <= RowBlock ? default : new double[dst.Length], rows <= RowBlock ? default : new float[dst.Length]);

    /// <summary>
    /// As <see cref="AddRows(ReadOnlySpan{float}, int, Span{float})"/> with caller-owned scratch (for more than
    /// <see cref="RowBlock"/> rows: <paramref name="total"/> and <paramref name="block"/> of dst's length), so a
    /// planned step allocates nothing.
    /// </summary>
    internal static void AddRows(ReadOnlySpan<float> x, int rows, Span<float> dst, Span<double> total, Span<float> block)
    {
        int n = dst.Length;
        if (rows <= RowBlock)
        {
            for (int r = 0; r < rows; r++) TensorPrimitives.Add(dst, x.Slice(r * n, n), dst);
            return;
        }
        total = total[..n];
        block = block[..n];
        total.Clear();
        for (int r0 = 0; r0 < rows; r0 += RowChunk)
        {
            block.Clear();
            for (int r = r0; r < Math.Min(rows, r0 + RowChunk); r++) TensorPrimitives.Add(block, x.Slice(r * n, n), block);
            for (int j = 0; j < n; j++) total[j] += block[j];
        }
        for (int j = 0; j < n; j++) dst[j] = (float)(dst[j] + total[j]);
    }
}
