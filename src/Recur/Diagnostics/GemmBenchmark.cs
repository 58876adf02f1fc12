// GemmBenchmark: the measurement behind `recur bench gemm`: C = A * B for row-major A (m x k) and B
// (k x n) with random data, timed with BenchmarkTimer; GFLOP/s counts 2mnk flops per run.
using System.Globalization;
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Diagnostics;

/// <summary>One GEMM measurement.</summary>
/// <param name="M">Rows of A and C.</param>
/// <param name="N">Columns of B and C.</param>
/// <param name="K">Columns of A, rows of B.</param>
/// <param name="Threads">Threads used.</param>
/// <param name="Path">Hardware path.</param>
/// <param name="Timing">Median and minimum time.</param>
public sealed record GemmMeasurement(int M, int N, int K, int Threads, GemmPath Path, Timing Timing)
{
    /// <summary>Billions of floating-point operations per second at the median time.</summary>
    public double Gflops => 2.0 * M * N * K / (Timing.MedianMs * 1e6);

    /// <summary>The JSON line `recur bench gemm --json` prints.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"op\":\"gemm\",\"m\":{M},\"n\":{N},\"k\":{K},\"threads\":{Threads},\"path\":\"{Path}\",\"median_ms\":{Timing.MedianMs:0.####},\"min_ms\":{Timing.MinMs:0.####},\"gflops\":{Gflops:0.##}}}");
}

/// <summary>Measures <see cref="Gemm.Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int, int, GemmPath?)"/> on random matrices.</summary>
public static class GemmBenchmark
{
    /// <summary>Times C = A * B with A m x k and B k x n on <paramref name="threads"/> threads.</summary>
    public static GemmMeasurement Run(int m, int n, int k, int threads, double minSeconds = 0.5, GemmPath? path = null, ulong seed = 1)
    {
        if (m <= 0 || n <= 0 || k <= 0)
            throw new ArgumentException($"bench gemm: --m, --n and --k must be positive, got m={m}, n={n}, k={k}.");
        if (threads <= 0)
            throw new ArgumentException($"bench gemm: --threads must be positive, got {threads}.");
        var g = new Generator(seed);
        var a = Tensor.Uniform(g, -1, 1, m, k).ToArray();
        var b = Tensor.Uniform(g, -1, 1, k, n).ToArray();
        var c = new float[(long)m * n];
        var p = path ?? GemmPaths.Default;
        var timing = BenchmarkTimer.Measure(() => Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n, threads, p),
            minSeconds: minSeconds);
        return new GemmMeasurement(m, n, k, threads, p, timing);
    }
}
