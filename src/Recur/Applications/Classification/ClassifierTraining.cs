// ClassifierTraining: `recur train classify` as a library call. Reads labelled texts, splits them
// stratified with identical texts on one side only (TextSplit), learns the vocabulary from the training
// split alone (rarer words and every test-only word become <unk>), trains TextClassifierNetwork with Adam
// and cross-entropy on length-bucketed batches (Data/BucketBatcher), then reports the test figures
// beside the majority-class baseline and writes the model.
using System.Diagnostics;
using System.Globalization;
using Recur.Data;
using Recur.Losses;
using Recur.Optim;
using Recur.Tasks;
using Recur.Tensors;
using Recur.Text;
using Recur.Training;
using Recur.Training.Metrics;

namespace Recur.Applications.Classification;

/// <summary>Trains text classifiers.</summary>
public static class ClassifierTraining
{
    /// <summary>Reads <paramref name="dataPath"/> with <see cref="ClassifierOptions.Columns"/> and trains on it.</summary>
    public static ClassifierResult TrainFile(string dataPath, ClassifierOptions options, IProgressReporter? progress = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        var (texts, labels) = LabeledTextFile.Read(dataPath, options.Columns);
        return Train(texts, labels, options, progress, cancel);
    }

    /// <summary>Trains on labelled texts (at least two distinct labels) and evaluates on a held-out split.</summary>
    public static ClassifierResult Train(IReadOnlyList<string> texts, IReadOnlyList<string> labels, ClassifierOptions options,
        IProgressReporter? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        if (texts.Count != labels.Count) throw new ArgumentException($"{texts.Count} texts but {labels.Count} labels.");
        var labelNames = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (labelNames.Length < 2)
            throw new InvalidDataException($"the data has only one label ('{labelNames.FirstOrDefault()}'); a classifier needs at least two. Check --label-column.");
        var labelIndex = labelNames.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var y = labels.Select(l => labelIndex[l]).ToArray();
        int duplicates = texts.Count - texts.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).Count();

        var (trainRows, testRows) = TextSplit.StratifiedByText(texts, y, options.TestFraction, new Generator(options.Seed));
        if (trainRows.Length < options.Batch)
            throw new ArgumentException($"the training split has {trainRows.Length} texts, fewer than --batch {options.Batch}.");

        var probe = new ClassifierConfig { Lowercase = options.Lowercase, MaxTokens = options.MaxTokens };
        var vocabulary = Vocabulary.Build(trainRows.Select(i => TextClassifier.Tokenize(texts[i], probe)),
            options.MinCount, options.MaxVocab, withPad: true, withUnknown: true);
        var config = new ClassifierConfig
        {
            Cell = options.Cell.ToLowerInvariant(),
            Embed = options.Embed,
            Hidden = options.Hidden,
            Bidirectional = options.Bidirectional,
            Pooling = options.Pooling,
            AttentionSize = options.Hidden,
            Dropout = options.Dropout,
            Lowercase = options.Lowercase,
            MaxTokens = options.MaxTokens,
            Tokens = vocabulary.Tokens.ToArray(),
            Labels = labelNames,
            TextColumn = options.Columns.TextColumn,
            LabelColumn = options.Columns.LabelColumn,
            Delimiter = options.Columns.Delimiter?.ToString(),
        };
        var network = new TextClassifierNetwork(config, new Generator(options.Seed + 1));
        var model = new TextClassifier(network);

        var trainIds = trainRows.Select(i => model.Encode(texts[i])).ToArray();
        var trainY = trainRows.Select(i => y[i]).ToArray();
        var batcher = new BucketBatcher(trainIds.Select(s => s.Length).ToArray(), options.Batch, new Generator(options.Seed + 2));
        var optimizer = new Adam(network.Parameters(), options.LearningRate);
        var trainer = new Trainer(network.NamedParameters(), optimizer) { ClipGradNorm = options.Clip, Progress = progress };
        trainer.Metrics.Add(new Accuracy());
        trainer.Callbacks.Add(new CancelCallback(cancel));
        var clock = Stopwatch.StartNew();
        network.Train();
        trainer.Run(options.Epochs, _ => batcher.Epoch(), batch =>
        {
            var logits = TextClassifier.Logits(network, batch.Select(i => trainIds[i]).ToArray());
            var targets = batch.Select(i => trainY[i]).ToArray();
            var loss = Loss.CrossEntropy(logits, targets);
            var target = Tensor.FromArray(targets.Select(t => (float)t).ToArray(), targets.Length);
            return new StepResult(loss, batch.Length, logits, target);
        }, batchesPerEpoch: batcher.BatchesPerEpoch);
        double seconds = clock.Elapsed.TotalSeconds;
        if (cancel.IsCancellationRequested)
            trainer.Context.StopReason = "interrupted (Ctrl-C): the model so far is evaluated" + (options.Out != null ? " and saved" : "");

        var report = model.Evaluate(testRows.Select(i => texts[i]).ToArray(), testRows.Select(i => labels[i]).ToArray());
        if (options.Out != null) model.Save(options.Out);
        return new ClassifierResult(model, report, trainRows.Length, duplicates, seconds, trainer.Context.StopReason);
    }

    private static void CheckOptions(ClassifierOptions o)
    {
        if (o.Embed <= 0 || o.Hidden <= 0 || o.Batch <= 0 || o.Epochs <= 0 || o.MaxTokens <= 0)
            throw new ArgumentException("--embed, --hidden, --batch, --epochs and the token limit must be positive.");
        if (!(o.LearningRate > 0)) throw new ArgumentException($"--lr must be positive, got {o.LearningRate.ToString(CultureInfo.InvariantCulture)}.");
        if (!(o.TestFraction > 0 && o.TestFraction < 1)) throw new ArgumentException($"--test-fraction must lie strictly between 0 and 1, got {o.TestFraction.ToString(CultureInfo.InvariantCulture)}.");
        if (!(o.Dropout >= 0 && o.Dropout < 1)) throw new ArgumentException($"--dropout must lie in [0, 1), got {o.Dropout.ToString(CultureInfo.InvariantCulture)}.");
        if (o.MinCount < 1) throw new ArgumentException($"--min-count must be at least 1, got {o.MinCount}.");
        if (o.MaxVocab is { } v && v < 3) throw new ArgumentException($"--max-vocab must be at least 3 (<pad>, <unk> and one word), got {v}.");
        _ = ClassifierConfig.ParseCell(o.Cell);
        if (o.Out != null)
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(o.Out))!;
            if (!Directory.Exists(dir)) throw new ArgumentException($"--out {o.Out}: the folder {dir} does not exist.");
        }
    }
}
