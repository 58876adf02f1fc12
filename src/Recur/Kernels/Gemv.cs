// Gemv: y = W x for a row-major W [rows, k] (no packing), the product of one-step recurrent inference
// with batch 1..4. AVX2 path: four rows at a time, 8-wide FMA accumulators, one horizontal sum per row;
// other CPUs use TensorPrimitives.Dot per row. Rows split across the worker pool when the matrix is
// large; each y element is computed the same way whatever the split, so results do not depend on threads.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recur.Kernels;

/// <summary>Matrix-vector products without packing.</summary>
public static unsafe class Gemv
{
    /// <summary>Below this many multiply-adds a product stays on one thread.</summary>
    internal const int MinParallelWork = 1 << 16;

    [ThreadStatic] private static GemvJob? t_job;

    /// <summary>y[r] = (accumulate ? y[r] : 0) + dot(W[r, :], x) for W [rows, k] row-major.</summary>
    public static void Multiply(ReadOnlySpan<float> w, int rows, int k, ReadOnlySpan<float> x, Span<float> y, bool accumulate = false, int threads = 1)
    {
        if (w.Length < (long)rows * k || x.Length < k || y.Length < rows)
            throw new ArgumentException($"gemv: W [{rows}, {k}] needs {(long)rows * k} elements (has {w.Length}), x needs {k} (has {x.Length}), y needs {rows} (has {y.Length}).");
        fixed (float* pw = w, px = x, py = y)
        {
            int parts = threads > 1 && (long)rows * k >= MinParallelWork ? Math.Min(threads, WorkerPool.Shared.MaxParts) : 1;
            if (parts == 1)
            {
                Rows(pw, k, px, py, 0, rows, accumulate);
                return;
            }
            var job = t_job ??= new GemvJob();
            job.Set(pw, rows, k, px, py, accumulate, parts);
            job.SetSecond(null, 0, 0, null, null);
            WorkerPool.Shared.Run(job, parts);
        }
    }

    /// <summary>
    /// Two products, y1 = W1 x1 and y2 = W2 x2 (added into y when <paramref name="accumulate"/>), in one parallel
    /// region: one fork and join instead of two (a GRU step's gate product and its W_hn h). Every element is
    /// computed exactly as two <see cref="Multiply"/> calls compute it.
    /// </summary>
    public static void Multiply2(ReadOnlySpan<float> w1, int rows1, int k1, ReadOnlySpan<float> x1, Span<float> y1,
        ReadOnlySpan<float> w2, int rows2, int k2, ReadOnlySpan<float> x2, Span<float> y2, bool accumulate = false, int threads = 1)
    {
        if (w2.Length < (long)rows2 * k2 || x2.Length < k2 || y2.Length < rows2)
            throw new ArgumentException($"gemv: W [{rows2}, {k2}] needs {(long)rows2 * k2} elements (has {w2.Length}), x needs {k2} (has {x2.Length}), y needs {rows2} (has {y2.Length}).");
        long work = (long)rows1 * k1 + (long)rows2 * k2;
        int parts = threads > 1 && work >= MinParallelWork ? Math.Min(threads, WorkerPool.Shared.MaxParts) : 1;
        if (parts == 1)
        {
            Multiply(w1, rows1, k1, x1, y1, accumulate);
            Multiply(w2, rows2, k2, x2, y2, accumulate);
            return;
        }
        if (w1.Length < (long)rows1 * k1 || x1.Length < k1 || y1.Length < rows1)
            throw new ArgumentException($"gemv: W [{rows1}, {k1}] needs {(long)rows1 * k1} elements (has {w1.Length}), x needs {k1} (has {x1.Length}), y needs {rows1} (has {y1.Length}).");
        fixed (float* pw1 = w1, px1 = x1, py1 = y1, pw2 = w2, px2 = x2, py2 = y2)
        {
            var job = t_job ??= new GemvJob();
            job.Set(pw1, rows1, k1, px1, py1, accumulate, parts);
            job.SetSecond(pw2, rows2, k2, px2, py2);
            WorkerPool.Shared.Run(job, parts);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows(float* w, int k, float* x, float* y, int from, int to, bool accumulate)
    {
        int r = from;
        if (Avx2.IsSupported && Fma.IsSupported && k >= 8)
        {
            for (; r + 4 <= to; r += 4)
            {
                float* w0 = w + (long)r * k, w1 = w0 + k, w2 = w1 + k, w3 = w2 + k;
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                int j = 0;
                for (; j + 8 <= k; j += 8)
                {
                    var xv = Avx.LoadVector256(x + j);
                    a0 = Fma.MultiplyAdd(Avx.LoadVector256(w0 + j), xv, a0);
                    a1 = Fma.MultiplyAdd(Avx.LoadVector256(w1 + j), xv, a1);
                    a2 = Fma.MultiplyAdd(Avx.LoadVector256(w2 + j), xv, a2);
                    a3 = Fma.MultiplyAdd(Avx.LoadVector256(w3 + j), xv, a3);
                }
                float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
                for (; j < k; j++)
                {
                    float xj = x[j];
                    s0 += w0[j] * xj;
                    s1 += w1[j] * xj;
                    s2 += w2[j] * xj;
                    s3 += w3[j] * xj;
                }
                if (accumulate)
                {
                    y[r] += s0; y[r + 1] += s1; y[r + 2] += s2; y[r + 3] += s3;
                }
                else
                {
                    y[r] = s0; y[r + 1] = s1; y[r + 2] = s2; y[r + 3] = s3;
                }
            }
        }
        var xs = new ReadOnlySpan<float>(x, k);
        for (; r < to; r++)
        {
            float s = TensorPrimitives.Dot(new ReadOnlySpan<float>(w + (long)r * k, k), xs);
            y[r] = accumulate ? y[r] + s : s;
        }
    }

    private sealed class GemvJob : IParallelWork
    {
        private float* _w, _x, _y, _w2, _x2, _y2;
        private int _rows, _k, _parts, _rows2, _k2;
        private bool _accumulate;

        internal void Set(float* w, int rows, int k, float* x, float* y, bool accumulate, int parts)
        {
            _w = w;
            _x = x;
            _y = y;
            (_rows, _k, _accumulate, _parts) = (rows, k, accumulate, parts);
        }

        /// <summary>A second product for the same parts (rows2 = 0: none).</summary>
        internal void SetSecond(float* w, int rows, int k, float* x, float* y)
        {
            _w2 = w;
            _x2 = x;
            _y2 = y;
            (_rows2, _k2) = (rows, k);
        }

        public void Execute(int part)
        {
            Part(_w, _rows, _k, _x, _y, part);
            if (_rows2 > 0) Part(_w2, _rows2, _k2, _x2, _y2, part);
        }

        private void Part(float* w, int rows, int k, float* x, float* y, int part)
        {
            // Split on multiples of 4 rows so every row is computed by the same code path whatever the split.
            int chunk = (rows / _parts + 3) & ~3;
            int from = part * chunk, to = part == _parts - 1 ? rows : Math.Min(rows, from + chunk);
            if (from < to) Rows(w, k, x, y, from, to, _accumulate);
        }
    }
}
