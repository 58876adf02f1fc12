// `recur train speech --data DIR [--mode classify|ctc] ... --out M` and `recur transcribe --model M FILE.wav...`:
// argument parsing and printing only; the work is Recur.Applications.Speech.SpeechRecognizer. The eval
// entry (`recur eval --model M --data DIR`) is SpeechCommand.Evaluate, registered in EvalCommand.
using System.CommandLine;
using System.Globalization;
using Recur.Applications;
using Recur.Applications.Speech;
using Recur.Audio;
using Recur.Kernels;

namespace Recur.Cli.Commands;

internal static class SpeechCommand
{
    /// <summary>The `train speech` subcommand.</summary>
    internal static Command Train()
    {
        var defaults = new SpeechOptions { Data = "" };
        var data = new Option<string>("--data") { Description = "Folder of {label}_{speaker}_{index}.wav recordings (index 0-4 = test), e.g. ../shared/data/free-spoken-digit-dataset/recordings.", Required = true };
        var mode = new Option<string>("--mode") { Description = "classify (one label per clip) or ctc (sequences of 1-5 clips joined with silences).", DefaultValueFactory = _ => "classify" };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (classify: passes over the clips, default 60; ctc: 40 batches of new sequences, default 20; with --minutes alone, as many as fit); the learning rate is cosine-annealed over them." };
        var minutes = new Option<double?>("--minutes") { Description = "Time budget in minutes (the learning-rate schedule is fitted to it)." }.Minutes();
        var batch = new Option<int>("--batch") { Description = "Recordings or sequences per batch.", DefaultValueFactory = _ => defaults.Batch };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => defaults.LearningRate }.LearningRate();
        var channels = new Option<int>("--channels") { Description = "Convolution channels.", DefaultValueFactory = _ => defaults.Channels };
        var hidden = new Option<int>("--hidden") { Description = "GRU hidden size per direction.", DefaultValueFactory = _ => defaults.Hidden };
        var layers = new Option<int?>("--layers") { Description = "GRU layers (default: classify 1, ctc 2)." };
        var speed = new Option<double>("--speed") { Description = "classify: speed perturbation range of the training clips (0: off).", DefaultValueFactory = _ => defaults.SpeedPerturbation };
        var dropout = new Option<float>("--dropout") { Description = "Dropout before the head.", DefaultValueFactory = _ => defaults.Dropout };
        var mfcc = new Option<int>("--mfcc") { Description = "MFCCs per frame (0: 40 log-mel energies), plus deltas and delta-deltas.", DefaultValueFactory = _ => defaults.Features.Mfcc };
        var testSequences = new Option<int>("--test-sequences") { Description = "ctc: test sequences built from the test recordings.", DefaultValueFactory = _ => defaults.TestSequences };
        var beam = new Option<int>("--beam") { Description = "ctc: prefix beam search width.", DefaultValueFactory = _ => defaults.BeamWidth };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, shuffling and sequences.", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount }.Threads();
        var output = new Option<string?>("--out") { Description = "Where to write the trained model (safetensors)." }.OutputFile();
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the final figures." };
        var cmd = new Command("speech", "Spoken labels from WAV files (e.g. the Free Spoken Digit Dataset): CNN + bidirectional GRU; classify reports test accuracy, ctc the digit error rate.")
        {
            data, mode, epochs, minutes, batch, lr, channels, hidden, layers, dropout, speed, mfcc, testSequences, beam, seed, threads, output, json,
        };
        cmd.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            Threading.MaxThreads = parse.GetValue(threads);
            var speechMode = parse.GetValue(mode) switch
            {
                "classify" => SpeechMode.Classify,
                "ctc" => SpeechMode.Ctc,
                var other => throw new ArgumentException($"--mode must be classify or ctc, got '{other}'."),
            };
            var options = new SpeechOptions
            {
                Data = parse.GetValue(data)!,
                Mode = speechMode,
                Epochs = SpeechOptions.EpochsFor(parse.GetValue(epochs), parse.GetValue(minutes), speechMode),
                Minutes = parse.GetValue(minutes),
                Batch = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                Channels = parse.GetValue(channels),
                Hidden = parse.GetValue(hidden),
                Layers = parse.GetValue(layers) ?? (speechMode == SpeechMode.Ctc ? 2 : defaults.Layers),
                SpeedPerturbation = parse.GetValue(speed),
                Dropout = parse.GetValue(dropout),
                Features = new FeatureOptions { Mfcc = parse.GetValue(mfcc) },
                TestSequences = parse.GetValue(testSequences),
                BeamWidth = parse.GetValue(beam),
                Seed = parse.GetValue(seed),
                Out = parse.GetValue(output),
            };
            options.Validate();
            using var ctrlC = new CtrlCCancellation();
            var result = TrainingUi.Run(writer, p => SpeechRecognizer.Train(options, p, ctrlC.Token));
            writer.WriteLine(result.Summary());
            if (options.Out != null) writer.WriteLine($"model written to {options.Out}");
            if (parse.GetValue(json)) writer.WriteLine(result.ToJson());
            return 0;
        });
        return cmd;
    }

    /// <summary>The `transcribe` command.</summary>
    internal static Command Transcribe()
    {
        var model = new Option<string>("--model") { Description = "A model written by `recur train speech`.", Required = true };
        var files = new Argument<string[]>("files") { Description = "WAV files to transcribe.", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("transcribe", "Print what a speech model hears in WAV files.") { model, files };
        cmd.SetAction(parse =>
        {
            var recognizer = SpeechRecognizer.Load(parse.GetValue(model)!);
            var writer = parse.InvocationConfiguration.Output;
            foreach (var file in parse.GetValue(files)!)
            {
                var (text, confidence) = recognizer.Transcribe(file);
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}\t{text}\t{confidence:0.000}"));
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>`recur eval` for speech models: the same figures as training, on another folder.</summary>
    internal static void Evaluate(TaskModel model, string data, TextWriter output, bool json)
    {
        var recognizer = SpeechRecognizer.FromTaskModel(model);
        var r = recognizer.Evaluate(data);
        output.WriteLine(r.Mode == SpeechMode.Classify
            ? string.Create(CultureInfo.InvariantCulture, $"speech (classify): accuracy {r.Accuracy:P2} on {r.TestItems} recordings of {data} (always the most frequent label: {r.Baseline:P2})")
            : string.Create(CultureInfo.InvariantCulture, $"speech (ctc): label error rate {r.Cer:P2} with beam search ({r.GreedyCer:P2} greedy), {r.Accuracy:P1} of {r.TestItems} sequences built from {data} exact"));
        if (json) output.WriteLine(r.ToEvaluationJson());
    }
}
