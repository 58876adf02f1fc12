// `recur train charlm`: a character (or word) language model on a text file (Applications/LanguageModeling),
// and the charlm entry of `recur eval`. The command only parses options and prints; the library trains.
using System.CommandLine;
using System.Globalization;
using Recur.Applications;
using Recur.Applications.LanguageModeling;
using Recur.Kernels;
using Recur.Text;

namespace Recur.Cli.Commands;

internal static class CharLmCommand
{
    internal static Command Create()
    {
        var defaults = new LanguageModelOptions();
        var data = new Option<string>("--data") { Description = "UTF-8 text file; the first 90% trains, the last 10% validates.", Required = true };
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: lstm, gru or rnn.", DefaultValueFactory = _ => "lstm" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size.", DefaultValueFactory = _ => defaults.Hidden };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => defaults.Layers };
        var embed = new Option<int>("--embed") { Description = "Embedding size.", DefaultValueFactory = _ => defaults.Embed };
        var dropout = new Option<float>("--dropout") { Description = "Dropout between layers and before the output layer.", DefaultValueFactory = _ => defaults.Dropout };
        var seqLen = new Option<int>("--seq-len") { Description = "Time steps per truncated-BPTT window.", DefaultValueFactory = _ => defaults.SeqLen };
        var batch = new Option<int>("--batch") { Description = "Parallel streams per batch.", DefaultValueFactory = _ => defaults.Batch };
        var epochs = new Option<int?>("--epochs") { Description = "Epoch budget (default: 10, or unbounded with --minutes)." };
        var minutes = new Option<double?>("--minutes") { Description = "Training time budget in minutes; then it evaluates and saves." }.Minutes();
        var lr = new Option<float>("--lr") { Description = "Peak Adam learning rate (warm-up, then cosine decay).", DefaultValueFactory = _ => defaults.LearningRate }.LearningRate();
        var minLr = new Option<float>("--min-lr-fraction") { Description = "Final learning rate as a fraction of --lr.", DefaultValueFactory = _ => defaults.MinLearningRateFraction };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up steps.", DefaultValueFactory = _ => defaults.WarmupSteps };
        var clip = new Option<float>("--clip") { Description = "Gradient-norm clip.", DefaultValueFactory = _ => defaults.Clip }.Clip();
        var tokens = new Option<string>("--tokens") { Description = "char or word.", DefaultValueFactory = _ => "char" };
        var evalEvery = new Option<int?>("--eval-every") { Description = "Validate every N steps (default: at epoch ends)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, dropout and window offsets.", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount }.Threads();
        var output = new Option<string?>("--out") { Description = "Where to write the trained model (safetensors)." }.OutputFile();
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint file (default: beside --out)." }.OutputFile();
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint." };
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the final figures." };
        var cmd = new Command("charlm", "Character or word language model (LSTM/GRU/RNN) with truncated BPTT; reports validation nats per token and perplexity.")
        {
            data, cell, hidden, layers, embed, dropout, seqLen, batch, epochs, minutes, lr, minLr, warmup, clip, tokens, evalEvery, seed, threads,
            output, checkpoint, resume, json,
        };
        cmd.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1) throw new ArgumentException($"--threads must be at least 1, got {threadCount}.");
            Threading.MaxThreads = threadCount;
            string? outPath = parse.GetValue(output);
            string? ckpt = parse.GetValue(checkpoint) ?? (outPath != null ? Path.ChangeExtension(outPath, ".checkpoint.safetensors") : null);
            var options = new LanguageModelOptions
            {
                Tokens = TokenUnits.Parse(parse.GetValue(tokens)!),
                Cell = CellType.Parse(parse.GetValue(cell)!),
                Hidden = parse.GetValue(hidden),
                Layers = parse.GetValue(layers),
                Embed = parse.GetValue(embed),
                Dropout = parse.GetValue(dropout),
                SeqLen = parse.GetValue(seqLen),
                Batch = parse.GetValue(batch),
                Epochs = parse.GetValue(epochs),
                Minutes = parse.GetValue(minutes),
                LearningRate = parse.GetValue(lr),
                MinLearningRateFraction = parse.GetValue(minLr),
                WarmupSteps = parse.GetValue(warmup),
                Clip = parse.GetValue(clip),
                EvalEvery = parse.GetValue(evalEvery),
                Seed = parse.GetValue(seed),
                Out = outPath,
                Checkpoint = ckpt,
                Resume = parse.GetValue(resume),
            };
            options.Validate();
            string text = TextFile.Read(parse.GetValue(data)!);
            using var ctrlC = new CtrlCCancellation();
            var r = TrainingUi.Run(writer, p => LanguageModelTrainer.Train(text, options, p, writer.WriteLine, ctrlC.Token));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"charlm ({r.Tokens.Name()}s, {CellType.Name(options.Cell)} {options.Layers}x{options.Hidden}, {r.Parameters:N0} parameters, vocabulary {r.Vocabulary}): " +
                $"validation loss {r.ValLoss:0.0000} nats/{r.Tokens.Name()} ({r.Validation.BitsPerToken:0.000} bits), perplexity {r.Perplexity:0.000} " +
                $"on {r.Validation.Tokens:N0} held-out tokens; {Counted.Of(r.Steps, "step")}, {r.TokensTrained:N0} tokens trained, {r.TokensPerSecond:0} tokens/s, {r.Seconds:0} s"));
            if (outPath != null) writer.WriteLine($"model written to {outPath}");
            if (parse.GetValue(json)) writer.WriteLine(r.ToJson());
            return 0;
        });
        return cmd;
    }

    /// <summary>The `recur eval` entry: validation figures of a charlm model on any UTF-8 text file.</summary>
    internal static void Evaluate(TaskModel file, string data, TextWriter output, bool json)
    {
        var model = LanguageModel.FromTaskModel(file);
        var e = LanguageModelEvaluator.Evaluate(model, TextFile.Read(data));
        string unknown = e.UnknownTokens > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({e.UnknownTokens:N0} outside the vocabulary)") : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"charlm on {data}: loss {e.Loss:0.0000} nats/{model.Config.Tokens.Name()} ({e.BitsPerToken:0.000} bits), perplexity {e.Perplexity:0.000} over {e.Tokens:N0} tokens{unknown}; {e.TokensPerSecond:0} tokens/s"));
        if (json) output.WriteLine(e.ToJson());
    }

}
