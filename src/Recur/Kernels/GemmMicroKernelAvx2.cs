// GemmMicroKernelAvx2: the 6 x 16 AVX2/FMA micro-kernel. Twelve ymm accumulators hold the tile; each
// k step loads two 8-wide vectors of packed B, broadcasts six values of packed A and issues twelve FMAs
// (15 of the 16 ymm registers live). Partial edge tiles go through a stack tile and the shared store.
// A is read either from its packed panels (Run) or straight from its rows (RunRows: a few rows times a
// packed B, as in a recurrent step, where packing A would copy it once more for each product); one
// kernel body serves both, specialised over how row r of k step q is addressed, with the same
// multiply-adds in the same order, so both give the same bits.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recur.Kernels;

internal static unsafe class GemmMicroKernelAvx2
{
    internal const int Mr = 6;
    internal const int Nr = 16;

    /// <summary>How the kernel addresses A: element (k step q, row r) of a panel starting at a.</summary>
    private interface IOperandA
    {
        /// <summary>Offset of row r from row 0 (computed once per tile, before the k loop).</summary>
        static abstract long Row(long rowStride, int r);

        /// <summary>Elements between consecutive k steps.</summary>
        static abstract int StepSize { get; }
    }

    /// <summary>Packed panels: each k step holds MR consecutive values.</summary>
    private readonly struct PackedA : IOperandA
    {
        public static long Row(long rowStride, int r) => r;

        public static int StepSize => Mr;
    }

    /// <summary>Row-major rows rowStride apart: each k step is the next element of every row.</summary>
    private readonly struct RowsA : IOperandA
    {
        public static long Row(long rowStride, int r) => r * rowStride;

        public static int StepSize => 1;
    }

    /// <summary>The tile from packed A (MR-row panel layout).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta, int mr, int nr)
        => Run<PackedA>(kc, a, 0, b, c, ldc, alpha, beta, mr, nr);

    /// <summary>
    /// The tile from A's rows themselves (row i at a + i * lda), unpacked; mr must be 4 or 6 (the rows read
    /// are exactly the tile's: a packed panel's zero padding has no counterpart here).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunRows(int kc, float* a, int lda, float* b, float* c, int ldc, float alpha, float beta, int mr, int nr)
    {
        Debug.Assert(mr is 4 or 6);
        Run<RowsA>(kc, a, lda, b, c, ldc, alpha, beta, mr, nr);
    }

    [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TA>(int kc, float* a, long lda, float* b, float* c, int ldc, float alpha, float beta, int mr, int nr)
        where TA : struct, IOperandA
    {
        if (mr <= 4)
        {
            RunFour<TA>(kc, a, lda, b, c, ldc, alpha, beta, mr, nr);
            return;
        }
        // Fetch the C tile now so its cache misses overlap the k loop instead of stalling the stores.
        for (int i = 0; i < mr; i++)
        {
            Sse.Prefetch0(c + (long)i * ldc);
            Sse.Prefetch0(c + (long)i * ldc + 15);
        }
        // Row offsets once per tile: packed, constants the JIT folds into the addresses; rows, multiples of lda.
        long o1 = TA.Row(lda, 1), o2 = TA.Row(lda, 2), o3 = TA.Row(lda, 3), o4 = TA.Row(lda, 4), o5 = TA.Row(lda, 5);
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int p = 0;
        for (; p + 2 <= kc; p += 2)
        {
            // Two k steps per iteration: fewer loop instructions between the 24 FMAs. (Software prefetch
            // of packed A and B measured 12 % slower here: the hardware prefetcher already streams them.)
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var ai = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(ai, b0, c00);
            c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + o1);
            c10 = Fma.MultiplyAdd(ai, b0, c10);
            c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + o2);
            c20 = Fma.MultiplyAdd(ai, b0, c20);
            c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + o3);
            c30 = Fma.MultiplyAdd(ai, b0, c30);
            c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Avx.BroadcastScalarToVector256(a + o4);
            c40 = Fma.MultiplyAdd(ai, b0, c40);
            c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Avx.BroadcastScalarToVector256(a + o5);
            c50 = Fma.MultiplyAdd(ai, b0, c50);
            c51 = Fma.MultiplyAdd(ai, b1, c51);
            b0 = Avx.LoadAlignedVector256(b + Nr);
            b1 = Avx.LoadAlignedVector256(b + Nr + 8);
            ai = Avx.BroadcastScalarToVector256(a + TA.StepSize);
            c00 = Fma.MultiplyAdd(ai, b0, c00);
            c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + TA.StepSize + o1);
            c10 = Fma.MultiplyAdd(ai, b0, c10);
            c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + TA.StepSize + o2);
            c20 = Fma.MultiplyAdd(ai, b0, c20);
            c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + TA.StepSize + o3);
            c30 = Fma.MultiplyAdd(ai, b0, c30);
            c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Avx.BroadcastScalarToVector256(a + TA.StepSize + o4);
            c40 = Fma.MultiplyAdd(ai, b0, c40);
            c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Avx.BroadcastScalarToVector256(a + TA.StepSize + o5);
            c50 = Fma.MultiplyAdd(ai, b0, c50);
            c51 = Fma.MultiplyAdd(ai, b1, c51);
            a += 2 * TA.StepSize;
            b += 2 * Nr;
        }
        if (p < kc)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var ai = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(ai, b0, c00);
            c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + o1);
            c10 = Fma.MultiplyAdd(ai, b0, c10);
            c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + o2);
            c20 = Fma.MultiplyAdd(ai, b0, c20);
            c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + o3);
            c30 = Fma.MultiplyAdd(ai, b0, c30);
            c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Avx.BroadcastScalarToVector256(a + o4);
            c40 = Fma.MultiplyAdd(ai, b0, c40);
            c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Avx.BroadcastScalarToVector256(a + o5);
            c50 = Fma.MultiplyAdd(ai, b0, c50);
            c51 = Fma.MultiplyAdd(ai, b1, c51);
        }

        if (mr == Mr && nr == Nr)
        {
            var va = Vector256.Create(alpha);
            StoreRow(c, va, beta, c00, c01);
            StoreRow(c + ldc, va, beta, c10, c11);
            StoreRow(c + 2 * ldc, va, beta, c20, c21);
            StoreRow(c + 3 * ldc, va, beta, c30, c31);
            StoreRow(c + 4 * ldc, va, beta, c40, c41);
            StoreRow(c + 5 * ldc, va, beta, c50, c51);
            return;
        }

        float* tile = stackalloc float[Mr * Nr];
        Avx.Store(tile, c00); Avx.Store(tile + 8, c01);
        Avx.Store(tile + 16, c10); Avx.Store(tile + 24, c11);
        Avx.Store(tile + 32, c20); Avx.Store(tile + 40, c21);
        Avx.Store(tile + 48, c30); Avx.Store(tile + 56, c31);
        Avx.Store(tile + 64, c40); Avx.Store(tile + 72, c41);
        Avx.Store(tile + 80, c50); Avx.Store(tile + 88, c51);
        GemmKernel.StoreTile(tile, Nr, c, ldc, alpha, beta, mr, nr);
    }

    /// <summary>
    /// A tile of at most four rows (the last row panel of a 16-row product, for one): eight accumulators,
    /// so the padded rows of the panel cost no multiply-adds. A still has the MR-row panel layout.
    /// </summary>
    [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunFour<TA>(int kc, float* a, long lda, float* b, float* c, int ldc, float alpha, float beta, int mr, int nr)
        where TA : struct, IOperandA
    {
        for (int i = 0; i < mr; i++)
        {
            Sse.Prefetch0(c + (long)i * ldc);
            Sse.Prefetch0(c + (long)i * ldc + 15);
        }
        // Row offsets once per tile: packed, constants the JIT folds into the addresses; rows, multiples of lda.
        long o1 = TA.Row(lda, 1), o2 = TA.Row(lda, 2), o3 = TA.Row(lda, 3);
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var ai = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(ai, b0, c00);
            c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + o1);
            c10 = Fma.MultiplyAdd(ai, b0, c10);
            c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + o2);
            c20 = Fma.MultiplyAdd(ai, b0, c20);
            c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + o3);
            c30 = Fma.MultiplyAdd(ai, b0, c30);
            c31 = Fma.MultiplyAdd(ai, b1, c31);
            a += TA.StepSize;
            b += Nr;
        }
        if (nr == Nr)
        {
            var va = Vector256.Create(alpha);
            StoreRow(c, va, beta, c00, c01);
            if (mr > 1) StoreRow(c + ldc, va, beta, c10, c11);
            if (mr > 2) StoreRow(c + 2 * ldc, va, beta, c20, c21);
            if (mr > 3) StoreRow(c + 3 * ldc, va, beta, c30, c31);
            return;
        }
        float* tile = stackalloc float[4 * Nr];
        Avx.Store(tile, c00); Avx.Store(tile + 8, c01);
        Avx.Store(tile + 16, c10); Avx.Store(tile + 24, c11);
        Avx.Store(tile + 32, c20); Avx.Store(tile + 40, c21);
        Avx.Store(tile + 48, c30); Avx.Store(tile + 56, c31);
        GemmKernel.StoreTile(tile, Nr, c, ldc, alpha, beta, mr, nr);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector256<float> alpha, float beta, Vector256<float> lo, Vector256<float> hi)
    {
        if (beta == 0f)
        {
            Avx.Store(c, Avx.Multiply(alpha, lo));
            Avx.Store(c + 8, Avx.Multiply(alpha, hi));
        }
        else
        {
            var vb = Vector256.Create(beta);
            Avx.Store(c, Avx.Add(Avx.Multiply(alpha, lo), Avx.Multiply(vb, Avx.LoadVector256(c))));
            Avx.Store(c + 8, Avx.Add(Avx.Multiply(alpha, hi), Avx.Multiply(vb, Avx.LoadVector256(c + 8))));
        }
    }
}
