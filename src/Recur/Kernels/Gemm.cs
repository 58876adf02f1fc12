// Gemm: single-precision matrix multiply, C (m x n) = alpha * op(A) (m x k) * op(B) (k x n) + beta * C,
// row-major with leading dimensions, op = transpose or not. Goto/BLIS structure: B is packed into
// k-by-NR column panels (a KC x NC block, L3-resident), A into MR-row panels (an MC x KC block,
// L2-resident), and a register-blocked micro-kernel computes MR x NR tiles of C. Transposes are absorbed
// by the packing. Threads split C into column (or row) stripes that never share a K reduction, so the
// result does not depend on the thread count. Reference: Goto & van de Geijn, "Anatomy of
// high-performance matrix multiplication" (2008); blocking sizes as BLIS uses for AMD Zen.
using System.Runtime.CompilerServices;

namespace Recur.Kernels;

/// <summary>Single-precision GEMM on managed memory, with AVX2/FMA, Vector128 and scalar paths.</summary>
public static unsafe class Gemm
{
    /// <summary>Depth of a packed block (the K extent held in cache at once).</summary>
    internal const int Kc = 256;

    /// <summary>Rows of A packed at once (a multiple of every MR).</summary>
    internal const int Mc = 144;

    /// <summary>Columns of B packed at once (a multiple of every NR).</summary>
    internal const int Nc = 4080;

    /// <summary>Below this many multiply-adds a call stays on one thread.</summary>
    internal const long MinParallelWork = 1L << 18;

    /// <summary>
    /// C = alpha * op(A) * op(B) + beta * C. A is m x k (k x m when <paramref name="transA"/>), B is k x n
    /// (n x k when <paramref name="transB"/>), C is m x n, all row-major with row strides lda, ldb, ldc.
    /// With beta = 0, C's previous contents (NaN included) are ignored. <paramref name="threads"/> only
    /// changes speed, never the result.
    /// </summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        int threads = 1, GemmPath? path = null)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"gemm: sizes must be non-negative, got m={m}, n={n}, k={k}.");
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "gemm: threads must be at least 1.");
        CheckOperand("A", transA ? k : m, transA ? m : k, a.Length, lda);
        CheckOperand("B", transB ? n : k, transB ? k : n, b.Length, ldb);
        CheckOperand("C", m, n, c.Length, ldc);
        var p = path ?? GemmPaths.Default;
        GemmPaths.Require(p);
        if (m == 0 || n == 0) return;

        fixed (float* pa = a, pb = b, pc = c)
        {
            if (k == 0 || alpha == 0f)
            {
                ScaleC(m, n, beta, pc, ldc);
                return;
            }
            if (m <= SmallM && !transA && p != GemmPath.Scalar)
            {
                SmallMultiply(transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                return;
            }
            var kernel = GemmKernel.For(p);
            int t = ChooseSplit(m, n, k, Math.Min(threads, WorkerPool.Shared.MaxParts), kernel, out bool splitN, out int chunk);
            if (t == 1)
            {
                Blocked(kernel, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, null, 0);
                return;
            }
            var job = t_job ??= new GemmJob();
            job.Set(kernel, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, splitN, chunk);
            WorkerPool.Shared.Run(job, t);
        }
    }

    /// <summary>Up to this many rows of C, products skip packing (one-step RNN inference: m = batch).</summary>
    internal const int SmallM = 4;

    /// <summary>Row blocks up to this many rows times a packed B of at most Kc rows read A in place rather than packing it.</summary>
    internal const int RowsAMaxRows = 48;

    /// <summary>Products at most this many columns wide read A in place rather than packing it.</summary>
    internal const int RowsANarrowN = 64;

    /// <summary>
    /// Few rows: packing B would cost more than the product. With op(B) = B^T each element is a contiguous
    /// dot product; otherwise each row of C accumulates scaled rows of B. Vectorised by TensorPrimitives.
    /// </summary>
    private static void SmallMultiply(bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var ai = a.Slice(i * lda, k);
            var ci = c.Slice(i * ldc, n);
            if (transB)
            {
                for (int j = 0; j < n; j++)
                {
                    float dot = alpha * TensorPrimitives.Dot(ai, b.Slice(j * ldb, k));
                    ci[j] = beta == 0f ? dot : dot + beta * ci[j];
                }
            }
            else
            {
                if (beta == 0f) ci.Clear();
                else if (beta != 1f) TensorPrimitives.Multiply(ci, beta, ci);
                for (int p = 0; p < k; p++)
                    TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), alpha * ai[p], ci, ci);
            }
        }
    }

    [ThreadStatic] private static GemmJob? t_job;

    /// <summary>One GEMM split into stripes of C; reused per calling thread so that no call allocates.</summary>
    private sealed class GemmJob : IParallelWork
    {
        private GemmKernel _kernel;
        private bool _transA, _transB, _splitN;
        private int _m, _n, _k, _lda, _ldb, _ldc, _chunk;
        private float _alpha, _beta;
        private float* _a, _b, _c;

        /// <summary>Prepacked B, or null to pack from _b.</summary>
        internal PackedMatrix? Packed;

        internal void Set(GemmKernel kernel, bool transA, bool transB, int m, int n, int k, float alpha,
            float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, bool splitN, int chunk)
        {
            (_kernel, _transA, _transB, _m, _n, _k, _alpha) = (kernel, transA, transB, m, n, k, alpha);
            (_lda, _ldb, _beta, _ldc, _splitN, _chunk) = (lda, ldb, beta, ldc, splitN, chunk);
            _a = a;
            _b = b;
            _c = c;
        }

        public void Execute(int part)
        {
            int start = part * _chunk;
            int size = Math.Min(_chunk, (_splitN ? _n : _m) - start);
            if (size <= 0) return;
            if (_splitN)
            {
                float* b = Packed != null ? null : _b + (_transB ? (long)start * _ldb : start);
                Blocked(_kernel, _transA, _transB, _m, size, _k, _alpha, _a, _lda, b, _ldb, _beta, _c + start, _ldc, Packed, start);
            }
            else
            {
                float* a = _a + (_transA ? start : (long)start * _lda);
                Blocked(_kernel, _transA, _transB, size, _n, _k, _alpha, a, _lda, _b, _ldb, _beta, _c + (long)start * _ldc, _ldc, Packed, 0);
            }
        }
    }

    /// <summary>
    /// Packs op(B) (k x n; B is n x k when <paramref name="transB"/>) once for repeated products with
    /// <see cref="Multiply(bool, int, int, int, float, ReadOnlySpan{float}, int, PackedMatrix, float, Span{float}, int, int)"/>.
    /// </summary>
    public static PackedMatrix Pack(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb, GemmPath? path = null)
    {
        if (k < 0 || n < 0) throw new ArgumentException($"gemm pack: sizes must be non-negative, got k={k}, n={n}.");
        CheckOperand("B", transB ? n : k, transB ? k : n, b.Length, ldb);
        var p = path ?? GemmPaths.Default;
        GemmPaths.Require(p);
        var packed = new PackedMatrix(k, n, p);
        PackInto(packed, transB, b, ldb);
        return packed;
    }

    /// <summary>
    /// Packs op(B) into an existing <paramref name="packed"/> of the same K x N (new values of the same
    /// operand, e.g. weights after an optimizer step), allocating nothing.
    /// </summary>
    public static void PackInto(PackedMatrix packed, bool transB, ReadOnlySpan<float> b, int ldb)
    {
        ArgumentNullException.ThrowIfNull(packed);
        int k = packed.K, n = packed.N;
        CheckOperand("B", transB ? n : k, transB ? k : n, b.Length, ldb);
        fixed (float* pb = b)
        {
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                GemmPacking.PackB(transB, pb, ldb, pc, 0, kc, n, packed.Kernel.Nr, packed.Panel(pc, kc, 0));
            }
        }
    }

    /// <summary>
    /// Packs op(B) (<paramref name="rows"/> x N; B is N x rows when <paramref name="transB"/>) into rows
    /// [<paramref name="kOffset"/>, kOffset + rows) of <paramref name="packed"/>, allocating nothing: one
    /// packed operand stacked from several matrices (an RNN's [W_ih | W_hh] for one product over [x | h]).
    /// </summary>
    public static void PackInto(PackedMatrix packed, bool transB, ReadOnlySpan<float> b, int ldb, int kOffset, int rows)
    {
        ArgumentNullException.ThrowIfNull(packed);
        int k = packed.K, n = packed.N;
        if (kOffset < 0 || rows < 0 || kOffset + rows > k)
            throw new ArgumentException($"gemm pack: rows [{kOffset}, {kOffset + rows}) are outside the packed operand's {k} rows.");
        CheckOperand("B", transB ? n : rows, transB ? rows : n, b.Length, ldb);
        fixed (float* pb = b)
        {
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                int from = Math.Max(pc, kOffset), to = Math.Min(pc + kc, kOffset + rows);
                if (from >= to) continue;
                // Source rows from - kOffset .. to - kOffset land at rows from - pc .. inside this block's panels.
                GemmPacking.PackB(transB, pb, ldb, from - kOffset, 0, to - from, n, packed.Kernel.Nr,
                    packed.Panel(pc, kc, 0) + (long)(from - pc) * packed.Kernel.Nr, panelKc: kc);
            }
        }
    }

    /// <summary>
    /// C = alpha * op(A) * B + beta * C with B packed by <see cref="Pack"/> (k x n). Same results as the
    /// unpacked call on the same path.
    /// </summary>
    public static void Multiply(bool transA, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        PackedMatrix b, float beta, Span<float> c, int ldc, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (b.K != k || b.N != n)
            throw new ArgumentException($"gemm: the packed B is {b.K} x {b.N}, but the product needs {k} x {n}.");
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "gemm: threads must be at least 1.");
        CheckOperand("A", transA ? k : m, transA ? m : k, a.Length, lda);
        CheckOperand("C", m, n, c.Length, ldc);
        if (m == 0 || n == 0) return;
        fixed (float* pa = a, pc = c)
        {
            if (k == 0 || alpha == 0f)
            {
                ScaleC(m, n, beta, pc, ldc);
                return;
            }
            var kernel = b.Kernel;
            int t = ChooseSplit(m, n, k, Math.Min(threads, WorkerPool.Shared.MaxParts), kernel, out bool splitN, out int chunk);
            if (t == 1)
            {
                Blocked(kernel, transA, false, m, n, k, alpha, pa, lda, null, 0, beta, pc, ldc, b, 0);
                return;
            }
            var job = t_job ??= new GemmJob();
            job.Set(kernel, transA, false, m, n, k, alpha, pa, lda, null, 0, beta, pc, ldc, splitN, chunk);
            job.Packed = b;
            try
            {
                WorkerPool.Shared.Run(job, t);
            }
            finally
            {
                job.Packed = null;
            }
        }
    }

    private static void CheckOperand(string name, int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentException($"gemm: leading dimension of {name} is {ld} but its rows have {cols} columns.");
        long need = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < need)
            throw new ArgumentException(
                $"gemm: {name} is {rows} x {cols} with leading dimension {ld}, which needs {need} elements, but its buffer has {length}.");
    }

    /// <summary>
    /// How many stripes to run and along which axis; stripes are whole micro-tiles. Row stripes are
    /// preferred while each keeps at least one full row block (every thread then packs only its own A
    /// and re-reads B, the cheaper packing); otherwise column stripes (every thread packs all of a small A).
    /// </summary>
    private static int ChooseSplit(int m, int n, int k, int threads, GemmKernel kernel, out bool splitN, out int chunk)
    {
        splitN = false;
        chunk = m;
        if (threads == 1 || (long)m * n * k < MinParallelWork)
            return 1;
        int tilesN = (n + kernel.Nr - 1) / kernel.Nr, tilesM = (m + kernel.Mr - 1) / kernel.Mr;
        splitN = m / threads < Mc && tilesN >= threads;
        int tiles = splitN ? tilesN : tilesM;
        int t = Math.Min(threads, tiles);
        if (t <= 1) return 1;
        int unit = splitN ? kernel.Nr : kernel.Mr;
        chunk = (tiles + t - 1) / t * unit;
        return t;
    }

    private static void ScaleC(int m, int n, float beta, float* c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f) row.Clear();
            else if (beta != 1f) TensorPrimitives.Multiply(row, beta, row);
        }
    }

    /// <summary>One thread's share: the blocked loops around the micro-kernel.</summary>
    [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked(GemmKernel kernel, bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, PackedMatrix? packed, int packedColumn)
    {
        var ws = GemmWorkspace.ForCurrentThread();
        int mr = kernel.Mr, nr = kernel.Nr;
        var micro = kernel.Micro;
        // With a single row block (m <= Mc, e.g. a batch times gates), each B panel is used by every A
        // panel right after it is packed, so it is packed into an L1-sized slot instead of a whole block
        // that would round-trip through L3: B is then read from memory once.
        bool panelwiseB = packed == null && m <= Mc;
        for (int jc = 0; jc < n; jc += Nc)
        {
            int nc = Math.Min(Nc, n - jc);
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                if (!panelwiseB && packed == null)
                    GemmPacking.PackB(transB, b, ldb, pc, jc, kc, nc, nr, ws.PackedB);
                for (int ic = 0; ic < m; ic += Mc)
                {
                    int mc = Math.Min(Mc, m - ic);
                    // The kernel reads A's rows where they are instead of a packed copy (same bits) where the
                    // copy would serve few multiply-adds: a few short rows times a packed B (a small layer's
                    // step; within one K block, since long rows kilobytes apart fall into the same L1 sets and
                    // there the copy measured faster), or a narrow product (dX = dG W_ih with a small input:
                    // each copied A value would be used by only n <= 64 columns).
                    bool rowsA = !transA && kernel.RowsMicro != null && kernel.PanelsAreWhole(mc)
                        && ((packed != null && k <= Kc && mc <= RowsAMaxRows) || n <= RowsANarrowN);
                    if (!rowsA) GemmPacking.PackA(transA, a, lda, ic, pc, mc, kc, kernel, ws.PackedA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int nrEff = Math.Min(nr, nc - jr);
                        float* bp;
                        if (packed != null)
                        {
                            bp = packed.Panel(pc, kc, packedColumn + jc + jr);
                        }
                        else if (panelwiseB)
                        {
                            bp = ws.PackedB;
                            GemmPacking.PackB(transB, b, ldb, pc, jc + jr, kc, nrEff, nr, bp);
                        }
                        else
                        {
                            bp = ws.PackedB + (long)jr * kc;
                        }
                        float* cCol = c + jc + jr;
                        for (int ir = 0, panel = 0, mrEff; ir < mc; ir += mrEff, panel++)
                        {
                            mrEff = kernel.PanelRows(mc, ir);
                            if (rowsA)
                                kernel.RowsMicro(kc, a + (long)(ic + ir) * lda + pc, lda, bp, cCol + (long)(ic + ir) * ldc, ldc,
                                    alpha, betaBlock, mrEff, nrEff);
                            else
                                micro(kc, ws.PackedA + (long)panel * mr * kc, bp, cCol + (long)(ic + ir) * ldc, ldc,
                                    alpha, betaBlock, mrEff, nrEff);
                        }
                    }
                }
            }
        }
    }
}
