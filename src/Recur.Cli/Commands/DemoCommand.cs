// `recur demo`: the README's main command: trains a small LSTM on the adding problem (no data file
// needed) and prints held-out predictions and the error fraction.
using System.CommandLine;
using System.Globalization;
using Recur.Demos;
using Recur.Kernels;

namespace Recur.Cli.Commands;

internal static class DemoCommand
{
    internal static Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "Training time budget.", DefaultValueFactory = _ => 1.0 };
        var steps = new Option<int>("--steps") { Description = "Training step budget (whichever ends first).", DefaultValueFactory = _ => 1_000_000 };
        var length = new Option<int>("--length") { Description = "Sequence length T.", DefaultValueFactory = _ => 50 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation and data.", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the final figures." };
        var cmd = new Command("demo", "Train a small LSTM on the adding problem (about a minute) and show what it learned.")
        {
            minutes, steps, length, seed, threads, json,
        };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            Threading.MaxThreads = parse.GetValue(threads);
            var options = new AddingDemoOptions
            {
                Minutes = parse.GetValue(minutes),
                MaxSteps = parse.GetValue(steps),
                Length = parse.GetValue(length),
                Seed = parse.GetValue(seed),
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Adding problem, T = {options.Length}: LSTM({options.Hidden}) + Linear, Adam lr {options.LearningRate}, batch {options.Batch}, {options.Minutes:0.##} min budget"));
            var r = AddingDemo.Run(options, output.WriteLine);
            output.WriteLine();
            output.WriteLine("held-out sequences: target (sum of the two marked values) vs prediction");
            foreach (var s in r.Samples)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  target {s.Target:0.000}  predicted {s.Prediction:0.000}  error {s.Prediction - s.Target:+0.000;-0.000}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.TestSequences} test sequences: {r.WrongFraction:P2} with |error| >= 0.04; test MSE {r.TestMse:0.00000} (always predicting 1: {r.BaselineMse:0.0000}); {r.TrainSequences} training sequences in {r.Seconds:0} s"));
            if (parse.GetValue(json)) output.WriteLine(r.ToJson());
            return 0;
        });
        return cmd;
    }
}
