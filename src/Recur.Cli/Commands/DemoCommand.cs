// `recur demo`: the README's main command: trains a small LSTM on the adding problem (T = 50, about a
// minute, no data file) with the progress bar, then prints held-out predictions and the error fraction.
using System.CommandLine;
using System.Globalization;
using Recur.Kernels;
using Recur.Tasks;

namespace Recur.Cli.Commands;

internal static class DemoCommand
{
    internal static Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "Training time budget.", DefaultValueFactory = _ => 1.0 }.Minutes();
        var epochs = new Option<int>("--epochs") { Description = "Epochs of 100 batches (budget; whichever ends first).", DefaultValueFactory = _ => 1000 };
        var length = new Option<int>("--length") { Description = "Sequence length T.", DefaultValueFactory = _ => 50 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation and data.", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount }.Threads();
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the final figures." };
        var cmd = new Command("demo", "Train a small LSTM on the adding problem (about a minute) and show what it learned.")
        {
            minutes, epochs, length, seed, threads, json,
        };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            Threading.MaxThreads = parse.GetValue(threads);
            var options = new MemoryTaskOptions
            {
                Length = parse.GetValue(length),
                Hidden = 64,
                Batch = 64,
                LearningRate = 5e-3f,
                Epochs = parse.GetValue(epochs),
                Minutes = parse.GetValue(minutes),
                Seed = parse.GetValue(seed),
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Adding problem, T = {options.Length}: LSTM({options.Hidden}) + Linear, Adam lr {options.LearningRate}, batch {options.Batch}, {options.Minutes:0.##} min budget"));
            var r = TrainingUi.Run(output, p => AddingTask.Run(options, p));
            TrainCommand.Report(output, r);
            if (parse.GetValue(json)) output.WriteLine(r.ToJson());
            return 0;
        });
        return cmd;
    }
}
