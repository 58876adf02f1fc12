// `recur train`: the long-range memory tasks (adding, copy: --seed, --epochs and/or --minutes, --threads,
// --out, --checkpoint (default: beside --out), --resume and --json; Ctrl-C writes a resumable checkpoint)
// and the applications (classify, forecast, charlm, speech), each in its own command file.
using System.CommandLine;
using System.Globalization;
using Recur.Kernels;
using Recur.Tasks;

namespace Recur.Cli.Commands;

internal static class TrainCommand
{
    internal static Command Create()
    {
        var train = new Command("train", "Train a model.");
        train.Subcommands.Add(Memory("adding", "The adding problem (Hochreiter & Schmidhuber 1997): LSTM + Linear, reports the fraction of 2,560 test sequences with |error| >= 0.04.",
            hidden: 64, lr: 5e-3f, minutes: 14));
        train.Subcommands.Add(Memory("copy", "The copy-memory problem (Arjovsky et al. 2016): reports the loss beside the memoryless baseline 10 ln 8 / (T + 20).",
            hidden: 128, lr: 1e-3f, minutes: 10));
        train.Subcommands.Add(TrainClassifyCommand.Create());
        train.Subcommands.Add(TrainForecastCommand.Create());
        train.Subcommands.Add(CharLmCommand.Create());
        train.Subcommands.Add(TranslateCommand.Train());
        train.Subcommands.Add(SpeechCommand.Train());
        train.Subcommands.Add(TagCommand.Train());
        return train;
    }

    private static Command Memory(string task, string description, int hidden, float lr, double minutes)
    {
        var length = new Option<int>("--length") { Description = "T: sequence length (adding) or delay (copy).", DefaultValueFactory = _ => 100 };
        var hiddenOpt = new Option<int>("--hidden") { Description = "LSTM hidden size.", DefaultValueFactory = _ => hidden };
        var batch = new Option<int>("--batch") { Description = "Sequences per batch.", DefaultValueFactory = _ => 64 };
        var lrOpt = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => lr }.LearningRate();
        var clip = new Option<float>("--clip") { Description = "Gradient-norm clip.", DefaultValueFactory = _ => 1f }.Clip();
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation and data.", DefaultValueFactory = _ => 1UL };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of 100 batches (budget).", DefaultValueFactory = _ => 1000 };
        var minutesOpt = new Option<double>("--minutes") { Description = "Time budget in minutes.", DefaultValueFactory = _ => minutes }.Minutes();
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount }.Threads();
        var output = new Option<string?>("--out") { Description = "Where to write the trained model (safetensors)." }.OutputFile();
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint file (default: beside --out)." }.OutputFile();
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint." };
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the final figures." };
        var cmd = new Command(task, description) { length, hiddenOpt, batch, lrOpt, clip, seed, epochs, minutesOpt, threads, output, checkpoint, resume, json };
        cmd.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            Threading.MaxThreads = parse.GetValue(threads);
            string? outPath = parse.GetValue(output);
            string? ckpt = parse.GetValue(checkpoint) ?? (outPath != null ? Path.ChangeExtension(outPath, ".checkpoint.safetensors") : null);
            if (parse.GetValue(resume) && ckpt == null)
                throw new ArgumentException("--resume needs --checkpoint or --out (the checkpoint is beside it).");
            var options = new MemoryTaskOptions
            {
                Length = parse.GetValue(length),
                Hidden = parse.GetValue(hiddenOpt),
                Batch = parse.GetValue(batch),
                LearningRate = parse.GetValue(lrOpt),
                Clip = parse.GetValue(clip),
                Seed = parse.GetValue(seed),
                Epochs = parse.GetValue(epochs),
                Minutes = parse.GetValue(minutesOpt),
                Out = outPath,
                Checkpoint = ckpt,
                Resume = parse.GetValue(resume),
                StopAt = task == "adding" ? 0.005 : null,
            };
            using var ctrlC = new CtrlCCancellation();
            if (task == "adding")
            {
                var r = TrainingUi.Run(writer, p => AddingTask.Run(options, p, ctrlC.Token));
                Report(writer, r);
                if (options.Out != null) writer.WriteLine($"model written to {options.Out}");
                if (parse.GetValue(json)) writer.WriteLine(r.ToJson());
            }
            else
            {
                var r = TrainingUi.Run(writer, p => CopyTask.Run(options, p, ctrlC.Token));
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"copy, T = {r.Length}: test loss {r.TestLoss:0.00000} per step (memoryless baseline {r.Baseline:0.00000}); copied symbols right {r.CopyAccuracy:P1}; {r.TrainSequences} training sequences in {r.Seconds:0} s"));
                if (options.Out != null) writer.WriteLine($"model written to {options.Out}");
                if (parse.GetValue(json)) writer.WriteLine(r.ToJson());
            }
            return 0;
        });
        return cmd;
    }

    internal static void Report(TextWriter writer, AddingResult r)
    {
        writer.WriteLine();
        writer.WriteLine("held-out sequences: target (sum of the two marked values) vs prediction");
        foreach (var (target, prediction) in r.Samples)
        {
            float error = prediction - target;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  target {target:0.000}  predicted {prediction:0.000}  error {(error < 0 ? '-' : '+')}{Math.Abs(error):0.000}"));
        }
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"adding, T = {r.Length}: {r.WrongFraction:P2} of {r.TestSequences} test sequences with |error| >= 0.04; test MSE {r.TestMse:0.000000} (always predicting 1: {r.BaselineMse:0.0000}); {r.TrainSequences} training sequences in {r.Seconds:0} s"));
    }
}
