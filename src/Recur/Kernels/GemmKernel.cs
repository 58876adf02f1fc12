// GemmKernel: a micro-kernel and its register tile (MR x NR). A micro-kernel multiplies an MR-row panel
// of packed A by an NR-column panel of packed B over kc steps and writes
// C[0..mr, 0..nr] = alpha * acc + beta * C (beta = 0: C is not read), for mr <= MR, nr <= NR.
namespace Recur.Kernels;

internal readonly unsafe struct GemmKernel
{
    internal readonly int Mr;
    internal readonly int Nr;
    internal readonly delegate*<int, float*, float*, float*, int, float, float, int, int, void> Micro;

    private GemmKernel(int mr, int nr, delegate*<int, float*, float*, float*, int, float, float, int, int, void> micro)
    {
        Mr = mr;
        Nr = nr;
        Micro = micro;
    }

    internal static GemmKernel For(GemmPath path) => path switch
    {
        GemmPath.Avx2Fma => new(GemmMicroKernelAvx2.Mr, GemmMicroKernelAvx2.Nr, &GemmMicroKernelAvx2.Run),
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
