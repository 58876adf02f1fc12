// `recur train translate` (attention encoder-decoder on sentence pairs), `recur translate` (translate text
// or a file with a trained model, optionally showing the attention heatmap) and the translate entry of
// `recur eval`. The command only parses options and prints; Applications/Translation does the work.
using System.CommandLine;
using System.Globalization;
using Recur.Applications;
using Recur.Applications.LanguageModeling;
using Recur.Applications.Translation;
using Recur.IO;
using Recur.Kernels;
using Recur.Text;

namespace Recur.Cli.Commands;

internal static class TranslateCommand
{
    /// <summary>`recur train translate`.</summary>
    internal static Command Train()
    {
        var d = new TranslationOptions();
        var data = new Option<string>("--data") { Description = "Tab-separated sentence pairs (e.g. English<TAB>French).", Required = true };
        var sourceColumn = new Option<int>("--source-column") { Description = "0-based column of the source sentence.", DefaultValueFactory = _ => 0 };
        var targetColumn = new Option<int>("--target-column") { Description = "0-based column of the target sentence.", DefaultValueFactory = _ => 1 };
        var maxLength = new Option<int>("--max-length") { Description = "Keep pairs with at most this many tokens a side (the model's limit).", DefaultValueFactory = _ => d.Filter.MaxLength };
        var prefixes = new Option<string>("--prefixes") { Description = "Comma-separated token prefixes one side must start with, or 'none'. Default: the PyTorch tutorial's English prefixes (i am, he is, ...).", DefaultValueFactory = _ => "default" };
        var cell = new Option<string>("--cell") { Description = "gru or lstm.", DefaultValueFactory = _ => "gru" };
        var attention = new Option<string>("--attention") { Description = "additive, dot or general.", DefaultValueFactory = _ => "additive" };
        var unidirectional = new Option<bool>("--unidirectional") { Description = "Read the source left to right only (default: bidirectional encoder)." };
        var embed = new Option<int>("--embed") { Description = "Embedding size.", DefaultValueFactory = _ => d.Embed };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size.", DefaultValueFactory = _ => d.Hidden };
        var batch = new Option<int>("--batch") { Description = "Pairs per batch.", DefaultValueFactory = _ => d.Batch };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (default 30, or unbounded with --minutes)." };
        var minutes = new Option<double?>("--minutes") { Description = "Training time budget in minutes; then it evaluates and saves." }.Minutes();
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => d.LearningRate }.LearningRate();
        var clip = new Option<float>("--clip") { Description = "Gradient-norm clip.", DefaultValueFactory = _ => d.Clip }.Clip();
        var teacher = new Option<float>("--teacher-forcing") { Description = "Probability of feeding the reference token at each step.", DefaultValueFactory = _ => d.TeacherForcing };
        var heldOut = new Option<double>("--held-out") { Description = "Fraction of distinct source sentences held out.", DefaultValueFactory = _ => d.HeldOutFraction };
        var minCount = new Option<int>("--min-count") { Description = "Rarer tokens map to <unk>.", DefaultValueFactory = _ => d.MinCount };
        var beam = new Option<int>("--beam") { Description = "Beam width of the final evaluation (greedy is reported too).", DefaultValueFactory = _ => d.Beam };
        var lengthNorm = new Option<double>("--length-norm") { Description = "Beam search ranks by log P / length^alpha.", DefaultValueFactory = _ => d.LengthNormalization };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, split, shuffling and teacher forcing.", DefaultValueFactory = _ => d.Seed };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount }.Threads();
        var output = new Option<string?>("--out") { Description = "Where to write the trained model (safetensors)." }.OutputFile();
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the final figures." };
        var cmd = new Command("translate", "Attention encoder-decoder (seq2seq) on sentence pairs; reports held-out BLEU-4 and exact match with greedy and beam search.")
        {
            data, sourceColumn, targetColumn, maxLength, prefixes, cell, attention, unidirectional, embed, hidden, batch, epochs, minutes, lr, clip, teacher,
            heldOut, minCount, beam, lengthNorm, seed, threads, output, json,
        };
        cmd.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1) throw new ArgumentException($"--threads must be at least 1, got {threadCount}.");
            Threading.MaxThreads = threadCount;
            string? outPath = parse.GetValue(output);
            string prefixText = parse.GetValue(prefixes)!.Trim();
            string[] prefixList = prefixText.ToLowerInvariant() switch
            {
                "default" => PairFilter.EnglishPrefixes,
                "none" or "" => [],
                _ => prefixText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => string.Join(' ', PairsFile.Tokenize(p))).ToArray(),
            };
            var options = new TranslationOptions
            {
                Filter = new PairFilter(parse.GetValue(maxLength), prefixList),
                Cell = CellType.Parse(parse.GetValue(cell)!),
                Attention = AttentionKinds.Parse(parse.GetValue(attention)!),
                Bidirectional = !parse.GetValue(unidirectional),
                Embed = parse.GetValue(embed),
                Hidden = parse.GetValue(hidden),
                Batch = parse.GetValue(batch),
                Epochs = parse.GetValue(epochs),
                Minutes = parse.GetValue(minutes),
                LearningRate = parse.GetValue(lr),
                Clip = parse.GetValue(clip),
                TeacherForcing = parse.GetValue(teacher),
                HeldOutFraction = parse.GetValue(heldOut),
                MinCount = parse.GetValue(minCount),
                Beam = parse.GetValue(beam),
                LengthNormalization = parse.GetValue(lengthNorm),
                Seed = parse.GetValue(seed),
                Out = outPath,
                Columns = (parse.GetValue(sourceColumn), parse.GetValue(targetColumn)),
            };
            options.Validate();
            var pairs = PairsFile.Read(parse.GetValue(data)!, parse.GetValue(sourceColumn), parse.GetValue(targetColumn));
            using var ctrlC = new CtrlCCancellation();
            var r = TrainingUi.Run(writer, p => TranslationTrainer.Train(pairs, options, p, writer.WriteLine, ctrlC.Token));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"translate ({CellType.Name(options.Cell)} {options.Hidden}, {options.Attention.Name()} attention, {r.Parameters:N0} parameters, vocabularies {r.SourceVocabulary}/{r.TargetVocabulary}): " +
                $"{Counted.Of(r.TrainPairs, "training pair")}, {Counted.Of(r.Epochs, "epoch")} ({Counted.Of(r.Steps, "step")}), running train loss {r.TrainLoss:0.0000} (teacher forcing as trained), held-out loss {r.HeldOutLoss:0.0000}, {r.Seconds:0} s"));
            writer.WriteLine($"held-out ({r.HeldOutPairs} pairs) {r.Greedy.Describe()}");
            if (r.BeamSearch.Beam != 1) writer.WriteLine($"held-out ({r.HeldOutPairs} pairs) {r.BeamSearch.Describe()}");
            foreach (var s in r.Samples) writer.WriteLine($"  {s.Source}  =>  {s.Translation}   (reference: {s.Reference})");
            if (outPath != null) writer.WriteLine($"model written to {outPath}");
            if (parse.GetValue(json)) writer.WriteLine(r.ToJson());
            return 0;
        });
        return cmd;
    }

    /// <summary>`recur translate --model M (--text "..." | --input FILE) [--beam 5] [--show-attention]`.</summary>
    internal static Command Translate()
    {
        var model = new Option<string>("--model") { Description = "A model written by `recur train translate`.", Required = true };
        var text = new Option<string?>("--text") { Description = "One sentence to translate." };
        var input = new Option<string?>("--input") { Description = "A UTF-8 file: one sentence per line, one translation per line out." };
        var beam = new Option<int?>("--beam") { Description = "Beam width (1 = greedy). Default: the width the model was trained with (5 for older files)." };
        var lengthNorm = new Option<double?>("--length-norm") { Description = "Beam search ranks by log P / length^alpha. Default: the model's training value (1 for older files)." };
        var show = new Option<bool>("--show-attention") { Description = "Print the attention matrix as a text heatmap after each translation." };
        var truncate = new Option<bool>("--truncate") { Description = "Translate the first tokens of sentences longer than the model's limit (with a warning) instead of failing." };
        var cmd = new Command("translate", "Translate text with a model trained by `recur train translate`.") { model, text, input, beam, lengthNorm, show, truncate };
        cmd.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            string? t = parse.GetValue(text), file = parse.GetValue(input);
            if ((t == null) == (file == null)) throw new ArgumentException("give exactly one of --text \"...\" and --input FILE.");
            if (parse.GetValue(beam) is < 1) throw new ArgumentException($"--beam must be at least 1, got {parse.GetValue(beam)}.");
            var translator = Translator.Load(parse.GetValue(model)!);
            int width = parse.GetValue(beam) ?? translator.Config.Beam;
            double alpha = parse.GetValue(lengthNorm) ?? translator.Config.LengthNormalization;
            List<string> lines;
            if (file != null)
            {
                lines = Utf8Text.Lines(Utf8Text.Read(file)).ToList();
            }
            else
            {
                lines = [t!];
            }
            // Translate everything first so a bad line fails before any output.
            var outputs = new List<TranslationOutput?>();
            for (int i = 0; i < lines.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]) || PairsFile.Tokenize(lines[i]).Length == 0)
                {
                    if (file == null) throw new ArgumentException("nothing to translate: the text has no words.");
                    outputs.Add(null);
                    continue;
                }
                try
                {
                    outputs.Add(translator.Translate(lines[i], width, parse.GetValue(truncate), alpha, error.WriteLine));
                }
                catch (ArgumentException e) when (file != null)
                {
                    throw new ArgumentException($"{file} line {i + 1}: {e.Message}");
                }
            }
            foreach (var o in outputs)
            {
                writer.WriteLine(o?.Text ?? "");
                if (o != null && parse.GetValue(show)) writer.Write(o.Heatmap());
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// The `recur eval` entry: BLEU-4 and exact match of a translate model on a pairs file, greedy and with the
    /// beam search the model was trained with (its --beam and --length-norm).
    /// </summary>
    internal static void Evaluate(TaskModel file, string data, TextWriter output, bool json)
    {
        var translator = Translator.FromTaskModel(file);
        // The columns the model was trained on (a French -> English model reads column 1 as its source).
        var (source, target) = translator.Config.Columns;
        var greedy = translator.EvaluateFile(data, source, target, 1, out int skipped);
        // The beam width and length normalisation the model was trained and reported with (5 and 1 for older files).
        int width = translator.Config.Beam;
        double alpha = translator.Config.LengthNormalization;
        var beam = width == 1 ? greedy with { LengthNormalization = alpha } : translator.EvaluateFile(data, source, target, width, out _, alpha);
        string note = skipped > 0 ? $" ({Counted.Of(skipped, "pair")} outside the model's filter skipped)" : "";
        output.WriteLine($"translate on {data} (source column {source}, target column {target}, as trained): {Counted.Of(greedy.Pairs, "pair")}{note}");
        output.WriteLine(greedy.Describe());
        if (width > 1) output.WriteLine(beam.Describe()); // a width-1 model's beam search is the greedy line above
        if (json)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"task\":\"translate\",\"bleu\":{beam.Bleu.Score:0.######},\"exact_match\":{beam.ExactMatch:0.######},\"beam\":{width},\"length_norm\":{alpha:0.######},\"bleu_greedy\":{greedy.Bleu.Score:0.######},\"exact_match_greedy\":{greedy.ExactMatch:0.######},\"sentences\":{greedy.Sentences},\"pairs\":{greedy.Pairs},\"skipped\":{skipped}}}"));
    }
}
