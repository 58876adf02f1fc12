// BenchmarkTimer: times a repeated operation after warm-up and reports the median and minimum, the
// statistics `recur bench` prints. Runs until both a minimum count and a minimum time are reached.
using System.Diagnostics;

namespace Recur.Diagnostics;

/// <summary>Median and minimum of repeated timings, in milliseconds.</summary>
/// <param name="MedianMs">Median time of one run.</param>
/// <param name="MinMs">Fastest run.</param>
/// <param name="Runs">How many timed runs.</param>
public readonly record struct Timing(double MedianMs, double MinMs, int Runs);

/// <summary>Times an operation: warm-up first, then at least <c>minRuns</c> runs and <c>minSeconds</c>.</summary>
public static class BenchmarkTimer
{
    /// <summary>Runs <paramref name="action"/> until both limits are met and returns its timing.</summary>
    public static Timing Measure(Action action, int minRuns = 5, double minSeconds = 0.5, int warmupRuns = 2, int maxRuns = 10_000)
    {
        ArgumentNullException.ThrowIfNull(action);
        var warm = Stopwatch.StartNew();
        // At least half a second: tiered JIT promotes hot methods only after a few hundred milliseconds.
        for (int i = 0; i < warmupRuns || warm.Elapsed.TotalSeconds < Math.Max(0.5, Math.Min(1.0, minSeconds / 2)); i++)
            action();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < minRuns || (total.Elapsed.TotalSeconds < minSeconds && times.Count < maxRuns))
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        int n = times.Count;
        double median = n % 2 == 1 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
        return new Timing(median, times[0], n);
    }
}
