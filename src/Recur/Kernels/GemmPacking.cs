// GemmPacking: copies blocks of op(A) and op(B) into the panel layouts the micro-kernels read
// sequentially. Packed A: MR-row panels, each kc steps of MR values (k-major). Packed B: NR-column
// panels, each kc steps of NR values. Rows or columns past the matrix edge are zero-filled.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
                if (rows == 6 && mr == 6)
                {
                    // A full 6-row panel (the weight gradients' dG^T): each step is one 4-float and one 2-float copy.
                    for (int p = 0; p < kc; p++)
                    {
                        float* s = src + (long)p * lda;
                        float* d = panel + p * 6;
                        Vector128.Store(Vector128.Load(s), d);
                        *(long*)(d + 4) = *(long*)(s + 4);
                    }
                    continue;
                }
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + (long)p * lda;
                    float* d = panel + p * mr;
                    int i = 0;
                    for (; i < rows; i++) d[i] = s[i];
                    for (; i < mr; i++) d[i] = 0f;
                }
            }
            else if (mr == 6 && Avx.IsSupported)
            {
                PackRows6(a + (long)(ic + ir) * lda + pc, lda, rows, kc, panel);
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

    /// <summary>
    /// One 6-row panel of a row-major A (rows &lt;= 6 of them, the rest zero): 8 steps at a time, the rows'
    /// 8-wide vectors are transposed in registers (8 x 8 with two zero rows) and each step's 6 values are
    /// stored as 4 + 2, instead of 48 strided scalar stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackRows6(float* src, int lda, int rows, int kc, float* panel)
    {
        var zero = Vector256<float>.Zero;
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            float* s = src + p;
            var r0 = Avx.LoadVector256(s);
            var r1 = rows > 1 ? Avx.LoadVector256(s + lda) : zero;
            var r2 = rows > 2 ? Avx.LoadVector256(s + 2L * lda) : zero;
            var r3 = rows > 3 ? Avx.LoadVector256(s + 3L * lda) : zero;
            var r4 = rows > 4 ? Avx.LoadVector256(s + 4L * lda) : zero;
            var r5 = rows > 5 ? Avx.LoadVector256(s + 5L * lda) : zero;
            Transpose8(r0, r1, r2, r3, r4, r5, zero, zero, out var c0, out var c1, out var c2, out var c3, out var c4, out var c5, out var c6, out var c7);
            float* d = panel + p * 6;
            Store6(d, c0);
            Store6(d + 6, c1);
            Store6(d + 12, c2);
            Store6(d + 18, c3);
            Store6(d + 24, c4);
            Store6(d + 30, c5);
            Store6(d + 36, c6);
            Store6(d + 42, c7);
        }
        for (; p < kc; p++)
        {
            float* d = panel + p * 6;
            for (int i = 0; i < 6; i++) d[i] = i < rows ? src[(long)i * lda + p] : 0f;
        }
    }

    /// <summary>
    /// A full panel of op(B) = B^T (a weight matrix in PyTorch's [out, in] layout): nr of B's rows, kc steps.
    /// Eight rows by eight steps at a time are transposed in registers, so each step's eight values are one
    /// store instead of eight strided scalar stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposed8(float* src, int ldb, int kc, int nr, float* panel)
    {
        for (int j0 = 0; j0 < nr; j0 += 8)
        {
            float* s = src + (long)j0 * ldb;
            float* d = panel + j0;
            int p = 0;
            for (; p + 8 <= kc; p += 8)
            {
                var r0 = Avx.LoadVector256(s + p);
                var r1 = Avx.LoadVector256(s + ldb + p);
                var r2 = Avx.LoadVector256(s + 2L * ldb + p);
                var r3 = Avx.LoadVector256(s + 3L * ldb + p);
                var r4 = Avx.LoadVector256(s + 4L * ldb + p);
                var r5 = Avx.LoadVector256(s + 5L * ldb + p);
                var r6 = Avx.LoadVector256(s + 6L * ldb + p);
                var r7 = Avx.LoadVector256(s + 7L * ldb + p);
                Transpose8(r0, r1, r2, r3, r4, r5, r6, r7, out var c0, out var c1, out var c2, out var c3, out var c4, out var c5, out var c6, out var c7);
                float* o = d + (long)p * nr;
                Avx.Store(o, c0);
                Avx.Store(o + nr, c1);
                Avx.Store(o + 2 * nr, c2);
                Avx.Store(o + 3 * nr, c3);
                Avx.Store(o + 4 * nr, c4);
                Avx.Store(o + 5 * nr, c5);
                Avx.Store(o + 6 * nr, c6);
                Avx.Store(o + 7 * nr, c7);
            }
            for (; p < kc; p++)
                for (int j = 0; j < 8; j++) d[(long)p * nr + j] = s[(long)j * ldb + p];
        }
    }

    /// <summary>Transposes the 8 x 8 block whose rows are r0..r7: c_p holds element p of every row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7,
        out Vector256<float> c0, out Vector256<float> c1, out Vector256<float> c2, out Vector256<float> c3,
        out Vector256<float> c4, out Vector256<float> c5, out Vector256<float> c6, out Vector256<float> c7)
    {
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        c0 = Avx.Permute2x128(u0, u4, 0x20);
        c1 = Avx.Permute2x128(u1, u5, 0x20);
        c2 = Avx.Permute2x128(u2, u6, 0x20);
        c3 = Avx.Permute2x128(u3, u7, 0x20);
        c4 = Avx.Permute2x128(u0, u4, 0x31);
        c5 = Avx.Permute2x128(u1, u5, 0x31);
        c6 = Avx.Permute2x128(u2, u6, 0x31);
        c7 = Avx.Permute2x128(u3, u7, 0x31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store6(float* d, Vector256<float> column)
    {
        Sse.Store(d, column.GetLower());
        Sse2.StoreScalar((double*)(d + 4), column.GetUpper().AsDouble());
    }

    /// <summary>
    /// Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-column panels at <paramref name="dst"/>. Panels hold
    /// <paramref name="panelKc"/> rows (0: kc), so rows of a panel can be packed from separate sources
    /// (dst then points at the first row to write inside the first panel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackB(bool transB, float* b, int ldb, int pc, int jc, int kc, int nc, int nr, float* dst, int panelKc = 0)
    {
        if (panelKc == 0) panelKc = kc;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* panel = dst + (long)jr * panelKc;
            if (!transB)
            {
                float* src = b + (long)pc * ldb + jc + jr;
                if (cols == nr && nr % 8 == 0 && Vector256.IsHardwareAccelerated)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* s = src + (long)p * ldb;
                        float* d = panel + p * nr;
                        for (int j = 0; j < nr; j += 8)
                            Vector256.Store(Vector256.Load(s + j), d + j);
                    }
                }
                else if (cols == nr && nr % 4 == 0)
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
            else if (cols == nr && nr % 8 == 0 && Avx.IsSupported)
            {
                PackTransposed8(b + (long)(jc + jr) * ldb + pc, ldb, kc, nr, panel);
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
