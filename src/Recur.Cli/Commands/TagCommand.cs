// `recur train tag --data train.conllu [--dev dev.conllu] ... --out M` and `recur tag --model M --text "..."`:
// argument parsing and printing only; the work is Recur.Applications.Tagging.Tagger. The eval entry
// (`recur eval --model M --data FILE.conllu`) is TagCommand.Evaluate, registered in EvalCommand.
using System.CommandLine;
using Recur.Applications;
using Recur.Applications.Tagging;
using Recur.Kernels;

namespace Recur.Cli.Commands;

internal static class TagCommand
{
    /// <summary>The `train tag` subcommand.</summary>
    internal static Command Train()
    {
        var d = new TaggerOptions { Data = "" };
        var data = new Option<string>("--data") { Description = "Training sentences in CoNLL-U, e.g. ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu.", Required = true };
        var dev = new Option<string?>("--dev") { Description = "Evaluation sentences in CoNLL-U (default: the last 10% of --data, held out)." };
        var epochs = new Option<int?>("--epochs") { Description = $"Passes over the training sentences (the learning rate is cosine-annealed over them); default {d.Epochs}, or as many as --minutes allows when only it is given." };
        var minutes = new Option<double?>("--minutes") { Description = "Time budget in minutes (the learning-rate schedule is fitted to it)." }.Minutes();
        var batch = new Option<int>("--batch") { Description = "Sentences per batch.", DefaultValueFactory = _ => d.Batch };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => d.LearningRate }.LearningRate();
        var wordDim = new Option<int>("--word-dim") { Description = "Word embedding size.", DefaultValueFactory = _ => d.WordDim };
        var charDim = new Option<int>("--char-dim") { Description = "Character embedding size.", DefaultValueFactory = _ => d.CharDim };
        var charHidden = new Option<int>("--char-hidden") { Description = "Character LSTM hidden size per direction.", DefaultValueFactory = _ => d.CharHidden };
        var hidden = new Option<int>("--hidden") { Description = "Sentence LSTM hidden size per direction.", DefaultValueFactory = _ => d.Hidden };
        var layers = new Option<int>("--layers") { Description = "Sentence LSTM layers.", DefaultValueFactory = _ => d.Layers };
        var dropout = new Option<float>("--dropout") { Description = "Dropout on word vectors and before the output layer.", DefaultValueFactory = _ => d.Dropout };
        var minCount = new Option<int>("--min-count") { Description = "Words (lowercased) seen fewer times share the <unk> embedding.", DefaultValueFactory = _ => d.MinCount };
        var wordDropout = new Option<double>("--word-dropout") { Description = "a: a word seen c times becomes <unk> with probability a/(a+c) in training.", DefaultValueFactory = _ => d.WordDropout };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, batching and dropout.", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount }.Threads();
        var output = new Option<string?>("--out") { Description = "Where to write the trained model (safetensors)." }.OutputFile();
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the final figures." };
        var cmd = new Command("tag", "Part-of-speech tagging (UPOS) from CoNLL-U: word embeddings + character BiLSTM + sentence BiLSTM; reports token accuracy beside the most-frequent-tag baseline.")
        {
            data, dev, epochs, minutes, batch, lr, wordDim, charDim, charHidden, hidden, layers, dropout, minCount, wordDropout, seed, threads, output, json,
        };
        cmd.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            Threading.MaxThreads = parse.GetValue(threads);
            var options = new TaggerOptions
            {
                Data = parse.GetValue(data)!,
                Dev = parse.GetValue(dev),
                Epochs = TaggerOptions.EpochsFor(parse.GetValue(epochs), parse.GetValue(minutes)),
                Minutes = parse.GetValue(minutes),
                Batch = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                WordDim = parse.GetValue(wordDim),
                CharDim = parse.GetValue(charDim),
                CharHidden = parse.GetValue(charHidden),
                Hidden = parse.GetValue(hidden),
                Layers = parse.GetValue(layers),
                Dropout = parse.GetValue(dropout),
                MinCount = parse.GetValue(minCount),
                WordDropout = parse.GetValue(wordDropout),
                Seed = parse.GetValue(seed),
                Out = parse.GetValue(output),
            };
            options.Validate();
            using var ctrlC = new CtrlCCancellation();
            var result = TrainingUi.Run(writer, p => Tagger.Train(options, p, ctrlC.Token));
            writer.WriteLine(result.Summary());
            if (options.Out != null) writer.WriteLine($"model written to {options.Out}");
            if (parse.GetValue(json)) writer.WriteLine(result.ToJson());
            return 0;
        });
        return cmd;
    }

    /// <summary>The `tag` command.</summary>
    internal static Command Tag()
    {
        var model = new Option<string>("--model") { Description = "A model written by `recur train tag`.", Required = true };
        var text = new Option<string[]>("--text") { Description = "A sentence to tag (repeatable); words and punctuation are split apart." };
        var json = new Option<bool>("--json") { Description = "One JSON object per sentence instead of word/TAG lines." };
        var cmd = new Command("tag", "Tag the words of sentences with a trained tagger (one word<TAB>tag line per word, a blank line between sentences).") { model, text, json };
        cmd.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var texts = parse.GetValue(text) ?? [];
            if (texts.Length == 0) throw new ArgumentException("give a sentence with --text \"...\".");
            int empty = Array.FindIndex(texts, t => Tagger.Tokenize(t).Length == 0);
            if (empty >= 0) throw new ArgumentException($"--text number {empty + 1} has no words; give the sentence to tag.");
            var tagger = Tagger.FromTaskModel(TaskModelFile.Load(parse.GetValue(model)!));
            for (int i = 0; i < texts.Length; i++)
            {
                var tagged = tagger.Tag(texts[i]);
                if (parse.GetValue(json))
                {
                    writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["text"] = texts[i],
                        ["words"] = tagged.Select(t => t.Word).ToArray(),
                        ["tags"] = tagged.Select(t => t.Tag).ToArray(),
                    }));
                    continue;
                }
                if (i > 0) writer.WriteLine();
                foreach (var (word, tag) in tagged) writer.WriteLine($"{word}\t{tag}");
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>`recur eval` for taggers: the figures of `recur train tag` on a CoNLL-U file.</summary>
    internal static void Evaluate(TaskModel loaded, string data, TextWriter output, bool json)
    {
        var report = Tagger.FromTaskModel(loaded).Evaluate(data);
        output.WriteLine(report.Summary(data));
        if (json) output.WriteLine(report.ToJson());
    }
}
