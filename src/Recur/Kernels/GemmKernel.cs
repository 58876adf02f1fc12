// GemmKernel: a micro-kernel and its register tile (MR x NR). A micro-kernel multiplies an MR-row panel
// of packed A by an NR-column panel of packed B over kc steps and writes
// C[0..mr, 0..nr] = alpha * acc + beta * C (beta = 0: C is not read), for mr <= MR, nr <= NR.
namespace Recur.Kernels;

internal readonly unsafe struct GemmKernel
{
    internal readonly int Mr;
    internal readonly int Nr;

    /// <summary>Rows of the kernel's narrow path, which costs only the rows it computes (0: none).</summary>
    internal readonly int NarrowRows;
    internal readonly delegate*<int, float*, float*, float*, int, float, float, int, int, void> Micro;

    /// <summary>
    /// The same kernel reading A's rows in place (kc, a, lda, b, c, ldc, alpha, beta, mr, nr) for tiles of
    /// MR or <see cref="NarrowRows"/> rows; null where the path has none (A is then always packed).
    /// </summary>
    internal readonly delegate*<int, float*, int, float*, float*, int, float, float, int, int, void> RowsMicro;

    private GemmKernel(int mr, int nr, delegate*<int, float*, float*, float*, int, float, float, int, int, void> micro, int narrowRows = 0,
        delegate*<int, float*, int, float*, float*, int, float, float, int, int, void> rowsMicro = null)
    {
        Mr = mr;
        Nr = nr;
        Micro = micro;
        NarrowRows = narrowRows;
        RowsMicro = rowsMicro;
    }

    /// <summary>
    /// Whether every row panel of an <paramref name="mc"/>-row block is MR or <see cref="NarrowRows"/> rows
    /// tall, so that <see cref="RowsMicro"/> can run it without reading past the block's last row.
    /// </summary>
    internal bool PanelsAreWhole(int mc)
    {
        for (int ir = 0, rows; ir < mc; ir += rows)
        {
            rows = PanelRows(mc, ir);
            if (rows != Mr && rows != NarrowRows) return false;
        }
        return true;
    }

    /// <summary>
    /// Height of the row panel starting at row <paramref name="ir"/> of an <paramref name="mc"/>-row block:
    /// MR, except that a block ending in MR + 1 or MR + 2 rows (7 or 8 for the 6-row kernel) ends in two
    /// narrow panels instead of a full one and a padded one (32 rows: 6, 6, 6, 6, 4, 4 rather than
    /// 6, 6, 6, 6, 6, 2, which costs 34 rows of multiply-adds). Panels stay MR rows apart in packed A.
    /// </summary>
    internal int PanelRows(int mc, int ir)
    {
        int left = mc - ir;
        return NarrowRows > 0 && left > Mr && left <= 2 * NarrowRows ? NarrowRows : Math.Min(Mr, left);
    }

    internal static GemmKernel For(GemmPath path) => path switch
    {
        GemmPath.Avx2Fma => new(GemmMicroKernelAvx2.Mr, GemmMicroKernelAvx2.Nr, &GemmMicroKernelAvx2.Run, narrowRows: 4,
            rowsMicro: &GemmMicroKernelAvx2.RunRows),
        GemmPath.Vector128 => new(GemmMicroKernel128.Mr, GemmMicroKernel128.Nr, &GemmMicroKernel128.Run),
        _ => new(GemmMicroKernelScalar.Mr, GemmMicroKernelScalar.Nr, &GemmMicroKernelScalar.Run),
    };

    /// <summary>Writes an accumulator tile held in <paramref name="tile"/> (MR x NR, row-major) to C.</summary>
    internal static void StoreTile(float* tile, int tileCols, float* c, int ldc, float alpha, float beta, int mr, int nr)
    {
        for (int i = 0; i < mr; i++)
        {
            float* row = c + (long)i * ldc;
            float* src = tile + i * tileCols;
            if (beta == 0f)
                for (int j = 0; j < nr; j++) row[j] = alpha * src[j];
            else
                for (int j = 0; j < nr; j++) row[j] = alpha * src[j] + beta * row[j];
        }
    }
}
