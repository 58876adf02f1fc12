// `recur bench`: speed measurements. `recur bench gemm --m M --n N --k K [--threads N] [--json]` prints
// one line (a JSON object with --json) per measurement.
using System.CommandLine;
using System.Globalization;
using Recur.Diagnostics;
using Recur.Kernels;

namespace Recur.Cli.Commands;

internal static class BenchCommand
{
    internal static Command Create()
    {
        var bench = new Command("bench", "Measure the speed of Recur's kernels.");
        bench.Subcommands.Add(CreateGemm());
        return bench;
    }

    private static Command CreateGemm()
    {
        var m = new Option<int>("--m") { Description = "Rows of A and C.", Required = true };
        var n = new Option<int>("--n") { Description = "Columns of B and C.", Required = true };
        var k = new Option<int>("--k") { Description = "Columns of A and rows of B.", Required = true };
        var threads = new Option<int[]>("--threads")
        {
            Description = "Thread counts to measure (one measurement each). Default: all cores.",
            AllowMultipleArgumentsPerToken = true,
        };
        var seconds = new Option<double>("--seconds") { Description = "Minimum timed seconds per measurement.", DefaultValueFactory = _ => 0.5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per measurement." };
        var cmd = new Command("gemm", "Time C = A * B (float32, row-major) and report GFLOP/s.") { m, n, k, threads, seconds, json };
        cmd.SetAction(parse =>
        {
            int[] counts = parse.GetValue(threads) is { Length: > 0 } t ? t : [Environment.ProcessorCount];
            foreach (int count in counts)
            {
                var r = GemmBenchmark.Run(parse.GetValue(m), parse.GetValue(n), parse.GetValue(k), count, parse.GetValue(seconds));
                parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? r.ToJson() : string.Create(CultureInfo.InvariantCulture,
                    $"gemm {r.M}x{r.K} * {r.K}x{r.N}  threads {r.Threads}  {r.Path}  median {r.Timing.MedianMs:0.###} ms  min {r.Timing.MinMs:0.###} ms  {r.Gflops:0.#} GFLOP/s"));
            }
            return 0;
        });
        return cmd;
    }
}
