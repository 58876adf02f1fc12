// GemmPacking: copies blocks of op(A) and op(B) into the panel layouts the micro-kernels read
// sequentially. Packed A: MR-row panels, each kc steps of MR values (k-major). Packed B: NR-column
// panels, each kc steps of NR values. Rows or columns past the matrix edge are zero-filled.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs op(A)[ic..ic+mc, pc..pc+kc] into row panels at <paramref name="dst"/>: panel p (of
    /// <see cref="GemmKernel.PanelRows"/> rows) starts at p * MR * kc and is zero-padded to MR rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackA(bool transA, float* a, int lda, int ic, int pc, int mc, int kc, GemmKernel kernel, float* dst)
    {
        int mr = kernel.Mr;
        for (int ir = 0, index = 0, rows; ir < mc; ir += rows, index++)
        {
            rows = kernel.PanelRows(mc, ir);
            float* panel = dst + (long)index * mr * kc;
            if (transA)
            {
                // op(A)[i, p] = A[p, i]: each step's MR values are contiguous in A.
                float* src = a + (long)pc * lda + ic + ir;
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + (long)p * lda;
                    float* d = panel + p * mr;
                    int i = 0;
                    for (; i < rows; i++) d[i] = s[i];
                    for (; i < mr; i++) d[i] = 0f;
                }
            }
            else
            {
                for (int i = 0; i < rows; i++)
                {
                    float* s = a + (long)(ic + ir + i) * lda + pc;
                    float* d = panel + i;
                    for (int p = 0; p < kc; p++) d[p * mr] = s[p];
                }
                for (int i = rows; i < mr; i++)
                    for (int p = 0; p < kc; p++) panel[p * mr + i] = 0f;
            }
        }
    }

    /// <summary>Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-column panels at <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackB(bool transB, float* b, int ldb, int pc, int jc, int kc, int nc, int nr, float* dst)
    {
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* panel = dst + (long)jr * kc;
            if (!transB)
            {
                float* src = b + (long)pc * ldb + jc + jr;
                if (cols == nr && nr % 4 == 0)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* s = src + (long)p * ldb;
                        float* d = panel + p * nr;
                        for (int j = 0; j < nr; j += 4)
                            Vector128.Store(Vector128.Load(s + j), d + j);
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* s = src + (long)p * ldb;
                        float* d = panel + p * nr;
                        int j = 0;
                        for (; j < cols; j++) d[j] = s[j];
                        for (; j < nr; j++) d[j] = 0f;
                    }
                }
            }
            else
            {
                // op(B)[p, j] = B[j, p]: read each of B's rows contiguously, write with stride NR.
                for (int j = 0; j < cols; j++)
                {
                    float* s = b + (long)(jc + jr + j) * ldb + pc;
                    float* d = panel + j;
                    for (int p = 0; p < kc; p++) d[p * nr] = s[p];
                }
                for (int j = cols; j < nr; j++)
                    for (int p = 0; p < kc; p++) panel[p * nr + j] = 0f;
            }
        }
    }
}
