// `recur train classify --data FILE [--text-column C] [--label-column C] ...`: trains a text classifier
// (Applications/Classification) and prints the test figures beside the majority baseline.
using System.CommandLine;
using System.Globalization;
using Recur.Applications.Classification;
using Recur.Kernels;

namespace Recur.Cli.Commands;

internal static class TrainClassifyCommand
{
    internal static Command Create()
    {
        var defaults = new ClassifierOptions();
        var data = new Option<string>("--data") { Description = "Labelled texts: TSV or CSV (quoted fields).", Required = true };
        var textColumn = new Option<string>("--text-column") { Description = "Text column: header name, or 0-based index for a file without header.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Label column: header name, or 0-based index.", DefaultValueFactory = _ => "label" };
        var delimiter = new Option<string?>("--delimiter") { Description = "Field delimiter: tab, comma, semicolon or one character (default: from the extension / first line)." };
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: gru, lstm or rnn.", DefaultValueFactory = _ => defaults.Cell };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Read texts in both directions." };
        var pooling = new Option<string>("--pooling") { Description = "Pooling over time: attention or mean.", DefaultValueFactory = _ => "attention" };
        var embed = new Option<int>("--embed") { Description = "Embedding size.", DefaultValueFactory = _ => defaults.Embed };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size per direction.", DefaultValueFactory = _ => defaults.Hidden };
        var dropout = new Option<float>("--dropout") { Description = "Dropout on embeddings and the pooled vector.", DefaultValueFactory = _ => defaults.Dropout };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training split.", DefaultValueFactory = _ => defaults.Epochs };
        var batch = new Option<int>("--batch") { Description = "Texts per batch.", DefaultValueFactory = _ => defaults.Batch };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => defaults.LearningRate }.LearningRate();
        var testFraction = new Option<double>("--test-fraction") { Description = "Fraction of each class's distinct texts held out for testing.", DefaultValueFactory = _ => defaults.TestFraction };
        var maxVocab = new Option<int>("--max-vocab") { Description = "Largest vocabulary (with <pad> and <unk>).", DefaultValueFactory = _ => defaults.MaxVocab ?? 0 };
        var minCount = new Option<int>("--min-count") { Description = "Occurrences a word needs in the training split to get its own id.", DefaultValueFactory = _ => defaults.MinCount };
        var lowercase = new Option<bool>("--lowercase") { Description = "Lower-case words (true by default; --lowercase false keeps case).", DefaultValueFactory = _ => true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of split, initialisation, dropout and batch order.", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount }.Threads();
        var output = new Option<string?>("--out") { Description = "Where to write the trained model (safetensors)." }.OutputFile();
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the final figures." };
        var cmd = new Command("classify", "Text classification (sentiment, spam, topics): embedding + (bi)RNN + attention/mean pooling; reports accuracy, per-class P/R/F1 and the confusion matrix beside the majority baseline.")
        {
            data, textColumn, labelColumn, delimiter, cell, bidirectional, pooling, embed, hidden, dropout, epochs, batch, lr,
            testFraction, maxVocab, minCount, lowercase, seed, threads, output, json,
        };
        cmd.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            Threading.MaxThreads = parse.GetValue(threads);
            string? d = parse.GetValue(delimiter);
            var options = new ClassifierOptions
            {
                Columns = new ColumnSpec(parse.GetValue(textColumn)!, parse.GetValue(labelColumn)!, d == null ? null : ColumnSpec.ParseDelimiter(d)),
                Cell = parse.GetValue(cell)!,
                Bidirectional = parse.GetValue(bidirectional),
                Pooling = parse.GetValue(pooling) switch
                {
                    "attention" => Pooling.Attention,
                    "mean" => Pooling.Mean,
                    var p => throw new ArgumentException($"--pooling '{p}': use attention or mean."),
                },
                Embed = parse.GetValue(embed),
                Hidden = parse.GetValue(hidden),
                Dropout = parse.GetValue(dropout),
                Epochs = parse.GetValue(epochs),
                Batch = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                TestFraction = parse.GetValue(testFraction),
                MaxVocab = parse.GetValue(maxVocab) is > 0 and var v ? v : null,
                MinCount = parse.GetValue(minCount),
                Lowercase = parse.GetValue(lowercase),
                Seed = parse.GetValue(seed),
                Out = parse.GetValue(output),
            };
            using var ctrlC = new CtrlCCancellation();
            var r = TrainingUi.Run(writer, p => ClassifierTraining.TrainFile(parse.GetValue(data)!, options, p, ctrlC.Token));
            writer.WriteLine();
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.TrainSamples} training and {r.Test.Samples} test texts (stratified; {r.DuplicateRows} duplicate rows kept on one side), vocabulary {r.Model.Vocabulary.Count}, {r.Seconds:0.0} s of training"));
            writer.WriteLine(r.Test.Format());
            if (options.Out != null) writer.WriteLine($"model written to {options.Out}");
            if (parse.GetValue(json)) writer.WriteLine(r.ToJson());
            return 0;
        });
        return cmd;
    }
}
