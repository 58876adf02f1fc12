// `recur bench`: speed measurements. `recur bench gemm --m M --n N --k K`, `recur bench rnn ...` and
// `recur bench fma` (the machine's FMA peak), each [--threads N ...] [--json], print one line (a JSON
// object with --json) per measurement.
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
        bench.Subcommands.Add(CreateRnn());
        bench.Subcommands.Add(CreateFma());
        return bench;
    }

    private static Command CreateFma()
    {
        var threads = new Option<int[]>("--threads")
        {
            Description = "Thread counts to measure (one measurement each). Default: all cores.",
            AllowMultipleArgumentsPerToken = true,
        }.ThreadCounts();
        var seconds = new Option<double>("--seconds") { Description = "Minimum seconds of samples per measurement.", DefaultValueFactory = _ => 1.0 }.Seconds();
        var json = new Option<bool>("--json") { Description = "Print one JSON object per measurement." };
        var cmd = new Command("fma", "Measure the FMA peak: register-only multiply-add chains on every thread at once (GFLOP/s).") { threads, seconds, json };
        cmd.SetAction(parse =>
        {
            int[] counts = parse.GetValue(threads) is { Length: > 0 } t ? t : [Environment.ProcessorCount];
            foreach (int count in counts)
            {
                var r = FmaPeak.Measure(count, parse.GetValue(seconds));
                parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? r.ToJson() : string.Create(CultureInfo.InvariantCulture,
                    $"fma peak  threads {r.Threads}  median {r.MedianGflops:0.#} GFLOP/s  max {r.MaxGflops:0.#} GFLOP/s  ({r.Samples} samples)"));
            }
            return 0;
        });
        return cmd;
    }

    private static Command CreateRnn()
    {
        var cell = new Option<string>("--cell") { Description = "rnn, lstm or gru.", Required = true };
        cell.AcceptOnlyFromAmong("rnn", "lstm", "gru");
        var mode = new Option<string>("--mode") { Description = "step, infer, train or charlm.", Required = true };
        mode.AcceptOnlyFromAmong("step", "infer", "train", "charlm");
        var batch = new Option<int>("--batch") { Description = "B.", Required = true };
        var seq = new Option<int>("--seq") { Description = "T (ignored by step).", DefaultValueFactory = _ => 1 };
        var input = new Option<int>("--input") { Description = "I (ignored by charlm: the embedding size is the input).", DefaultValueFactory = _ => 64 };
        var hidden = new Option<int>("--hidden") { Description = "H.", Required = true };
        var vocab = new Option<int>("--vocab") { Description = "charlm: vocabulary size.", DefaultValueFactory = _ => 65 };
        var embed = new Option<int>("--embed") { Description = "charlm: embedding size.", DefaultValueFactory = _ => 64 };
        var layers = new Option<int>("--layers") { Description = "L.", DefaultValueFactory = _ => 1 };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Two directions." };
        var engine = new Option<string>("--engine") { Description = "infer/train/charlm: plan (allocation-free InferencePlan/TrainingPlan) or tape (layer Forward and autograd).", DefaultValueFactory = _ => "plan" };
        engine.AcceptOnlyFromAmong("plan", "tape");
        var threads = new Option<int[]>("--threads")
        {
            Description = "Thread counts to measure (one measurement each). Default: all cores.",
            AllowMultipleArgumentsPerToken = true,
        }.ThreadCounts();
        var seconds = new Option<double>("--seconds") { Description = "Minimum timed seconds per measurement.", DefaultValueFactory = _ => 1.0 }.Seconds();
        var json = new Option<bool>("--json") { Description = "Print one JSON object per measurement." };
        var cmd = new Command("rnn", "Time recurrent layers: one step, inference over a sequence, or a training step.")
        {
            cell, mode, batch, seq, input, hidden, vocab, embed, layers, bidirectional, engine, threads, seconds, json,
        };
        cmd.SetAction(parse =>
        {
            int[] counts = parse.GetValue(threads) is { Length: > 0 } t ? t : [Environment.ProcessorCount];
            foreach (int count in counts)
            {
                var config = new RnnBenchmarkConfig(parse.GetValue(cell)!, parse.GetValue(mode)!, parse.GetValue(batch), parse.GetValue(seq),
                    parse.GetValue(input), parse.GetValue(hidden), parse.GetValue(layers), parse.GetValue(bidirectional), count,
                    parse.GetValue(vocab), parse.GetValue(embed), parse.GetValue(engine)!);
                var r = RnnBenchmark.Run(config, parse.GetValue(seconds));
                parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? r.ToJson() : string.Create(CultureInfo.InvariantCulture,
                    $"rnn {config.Cell} {config.Mode} B={config.Batch} T={config.Seq} I={config.Input} H={config.Hidden} L={config.Layers}{(config.Bidirectional ? " bidirectional" : "")}{(config.Mode is "step" ? "" : " " + config.Engine)}  threads {count}  median {r.Timing.MedianMs:0.####} ms  min {r.Timing.MinMs:0.####} ms  {r.TokensPerSecond:0} tokens/s"));
            }
            return 0;
        });
        return cmd;
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
        }.ThreadCounts();
        var seconds = new Option<double>("--seconds") { Description = "Minimum timed seconds per measurement.", DefaultValueFactory = _ => 0.5 }.Seconds();
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
