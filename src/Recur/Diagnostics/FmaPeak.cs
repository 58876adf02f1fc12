// FmaPeak: the machine's multiply-add throughput as a kernel can see it, the denominator of "share of
// peak" figures. Each thread runs twelve independent 8-wide FMA chains held in registers (no memory
// traffic, enough chains to cover the FMA latency), in samples of about 20 ms; GFLOP/s counts 2 flops
// per lane per FMA. On a virtual machine the figure moves with the host: two vCPUs that share a physical
// core (SMT siblings) give about one core's throughput, so the median and the maximum are both reported,
// and benchmarks that quote a share of peak measure it beside their own timing.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recur.Diagnostics;

/// <summary>FMA throughput samples on a number of threads.</summary>
/// <param name="Threads">Threads running at once.</param>
/// <param name="MedianGflops">Median over samples, in GFLOP/s.</param>
/// <param name="MaxGflops">Best sample, in GFLOP/s.</param>
/// <param name="Samples">How many samples.</param>
public sealed record FmaPeakMeasurement(int Threads, double MedianGflops, double MaxGflops, int Samples)
{
    /// <summary>The JSON line `recur bench fma --json` prints.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"op\":\"fma\",\"threads\":{Threads},\"median_gflops\":{MedianGflops:0.#},\"max_gflops\":{MaxGflops:0.#},\"samples\":{Samples}}}");
}

/// <summary>Measures the FMA peak (register-only multiply-add chains on every thread at once).</summary>
public static class FmaPeak
{
    private const int Chains = 12;

    /// <summary>Samples for at least <paramref name="seconds"/> on <paramref name="threads"/> threads.</summary>
    public static FmaPeakMeasurement Measure(int threads, double seconds = 1.0)
    {
        if (threads <= 0) throw new ArgumentException($"bench fma: --threads must be positive, got {threads}.");
        if (!(seconds > 0)) throw new ArgumentException($"bench fma: --seconds must be positive, got {seconds}.");
        long iterations = Calibrate();
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (samples.Count < 5 || total.Elapsed.TotalSeconds < seconds)
            samples.Add(Sample(threads, iterations));
        samples.Sort();
        return new FmaPeakMeasurement(threads, samples[samples.Count / 2], samples[^1], samples.Count);
    }

    /// <summary>Iterations that take about 20 ms on one thread.</summary>
    private static long Calibrate()
    {
        Chain(100_000);
        long n = 1_000_000;
        var sw = Stopwatch.StartNew();
        Chain(n);
        double s = Math.Max(1e-6, sw.Elapsed.TotalSeconds);
        return Math.Max(100_000, (long)(n * 0.02 / s));
    }

    private static double Sample(int threads, long iterations)
    {
        using var start = new Barrier(threads + 1);
        var workers = new Thread[threads];
        var sink = new float[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                sink[index] = Chain(iterations);
            }) { IsBackground = true };
            workers[t].Start();
        }
        start.SignalAndWait();
        var sw = Stopwatch.StartNew();
        foreach (var w in workers) w.Join();
        double flops = (double)threads * iterations * Chains * Vector256<float>.Count * 2;
        return flops / sw.Elapsed.TotalSeconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chain(long iterations)
    {
        var a = Vector256.Create(0.999999f);
        var b = Vector256.Create(1e-7f);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector256<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        if (Fma.IsSupported)
        {
            for (long i = 0; i < iterations; i++)
            {
                c0 = Fma.MultiplyAdd(c0, a, b); c1 = Fma.MultiplyAdd(c1, a, b); c2 = Fma.MultiplyAdd(c2, a, b);
                c3 = Fma.MultiplyAdd(c3, a, b); c4 = Fma.MultiplyAdd(c4, a, b); c5 = Fma.MultiplyAdd(c5, a, b);
                c6 = Fma.MultiplyAdd(c6, a, b); c7 = Fma.MultiplyAdd(c7, a, b); c8 = Fma.MultiplyAdd(c8, a, b);
                c9 = Fma.MultiplyAdd(c9, a, b); c10 = Fma.MultiplyAdd(c10, a, b); c11 = Fma.MultiplyAdd(c11, a, b);
            }
        }
        else
        {
            for (long i = 0; i < iterations; i++)
            {
                c0 = Vector256.MultiplyAddEstimate(c0, a, b); c1 = Vector256.MultiplyAddEstimate(c1, a, b);
                c2 = Vector256.MultiplyAddEstimate(c2, a, b); c3 = Vector256.MultiplyAddEstimate(c3, a, b);
                c4 = Vector256.MultiplyAddEstimate(c4, a, b); c5 = Vector256.MultiplyAddEstimate(c5, a, b);
                c6 = Vector256.MultiplyAddEstimate(c6, a, b); c7 = Vector256.MultiplyAddEstimate(c7, a, b);
                c8 = Vector256.MultiplyAddEstimate(c8, a, b); c9 = Vector256.MultiplyAddEstimate(c9, a, b);
                c10 = Vector256.MultiplyAddEstimate(c10, a, b); c11 = Vector256.MultiplyAddEstimate(c11, a, b);
            }
        }
        var s = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
        return s.GetElement(0);
    }
}
