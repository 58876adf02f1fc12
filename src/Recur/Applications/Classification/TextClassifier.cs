// TextClassifier: a trained classifier ready for use: its configuration (vocabulary, labels, architecture)
// and network. It tokenises like training did (Tokenizer.Words, unknown words -> <unk>), runs batches of
// texts sorted by length (padding only to the batch's longest text) and returns class probabilities,
// evaluates labelled texts, and saves/loads itself as one task model file (task "classify").
using Recur.Autograd;
using Recur.Data;
using Recur.Tensors;
using Recur.Text;

namespace Recur.Applications.Classification;

/// <summary>A trained text classifier: predict, evaluate, save and load.</summary>
public sealed class TextClassifier
{
    /// <summary>The task name stored in model files.</summary>
    public const string TaskName = "classify";

    private const int InferenceBatch = 128;

    /// <summary>Wraps a network and the vocabulary it was trained with.</summary>
    public TextClassifier(TextClassifierNetwork network)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        Vocabulary = new Vocabulary(network.Config.Tokens);
        if (Vocabulary.PadIndex != 0 || Vocabulary.UnknownIndex != 1)
            throw new InvalidDataException("The classifier vocabulary must start with <pad> and <unk>.");
    }

    /// <summary>The network.</summary>
    public TextClassifierNetwork Network { get; }

    /// <summary>The configuration (labels, vocabulary, architecture).</summary>
    public ClassifierConfig Config => Network.Config;

    /// <summary>The vocabulary (0 = &lt;pad&gt;, 1 = &lt;unk&gt;).</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>The class labels in output order.</summary>
    public IReadOnlyList<string> Labels => Config.Labels;

    /// <summary>The tokens a text is read as: words and punctuation, at most MaxTokens.</summary>
    public static string[] Tokenize(string text, ClassifierConfig config)
    {
        var tokens = Tokenizer.Words(text, config.Lowercase);
        return tokens.Length > config.MaxTokens ? tokens[..config.MaxTokens] : tokens;
    }

    /// <summary>Token ids of a text (at least one: an empty text is one &lt;unk&gt;).</summary>
    public int[] Encode(string text)
    {
        var ids = Vocabulary.Encode(Tokenize(text, Config));
        return ids.Length == 0 ? [Vocabulary.UnknownIndex] : ids;
    }

    /// <summary>Class probabilities [N][C] of <paramref name="texts"/>.</summary>
    public float[][] PredictProbabilities(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var encoded = texts.Select(Encode).ToArray();
        var order = Enumerable.Range(0, encoded.Length).OrderBy(i => encoded[i].Length).ToArray();
        var result = new float[encoded.Length][];
        bool training = Network.Training;
        Network.Eval();
        try
        {
            using var _ = GradMode.NoGrad();
            for (int start = 0; start < order.Length; start += InferenceBatch)
            {
                var idx = order.AsSpan(start, Math.Min(InferenceBatch, order.Length - start)).ToArray();
                var probs = Logits(Network, idx.Select(i => encoded[i]).ToArray()).Softmax(1);
                int c = probs.Size(1);
                var d = probs.ReadOnlyData;
                for (int k = 0; k < idx.Length; k++) result[idx[k]] = d.Slice(k * c, c).ToArray();
            }
        }
        finally
        {
            Network.Train(training);
        }
        return result;
    }

    /// <summary>The most probable label of each text, with probabilities.</summary>
    public ClassPrediction[] Predict(IReadOnlyList<string> texts) =>
        PredictProbabilities(texts).Select(p =>
        {
            int best = ArgMax(p);
            return new ClassPrediction(Labels[best], p[best], p);
        }).ToArray();

    /// <summary>
    /// Accuracy, per-class precision/recall/F1, macro F1 and the confusion matrix on labelled texts,
    /// beside always predicting the most frequent label of <paramref name="labels"/>. A label the model
    /// does not know is an error.
    /// </summary>
    public ClassificationReport Evaluate(IReadOnlyList<string> texts, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        if (texts.Count != labels.Count) throw new ArgumentException($"{texts.Count} texts but {labels.Count} labels.");
        if (texts.Count == 0) throw new ArgumentException("There are no texts to evaluate.");
        var index = Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var actual = new int[labels.Count];
        for (int i = 0; i < actual.Length; i++)
        {
            if (!index.TryGetValue(labels[i], out actual[i]))
                throw new InvalidDataException(
                    $"label '{labels[i]}' (row {i + 1}) is not one this model was trained on ({string.Join(", ", Labels)}).");
        }
        var predicted = PredictProbabilities(texts).Select(ArgMax).ToArray();
        return ClassificationReport.From(Labels, actual, predicted);
    }

    /// <summary>Writes the model (task "classify") atomically.</summary>
    public void Save(string path) => TaskModelFile.Save(path, TaskName, Config.ToJson(), Network);

    /// <summary>Reads a model written by <see cref="Save"/>; another task's model is a clear error.</summary>
    public static TextClassifier Load(string path) => FromTaskModel(TaskModelFile.Load(path));

    /// <summary>Rebuilds a classifier from a loaded task model file.</summary>
    public static TextClassifier FromTaskModel(TaskModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Expect(TaskName);
        var network = model.Build(() => new TextClassifierNetwork(ClassifierConfig.FromJson(model.ConfigJson, model.Path), new Generator(0)));
        model.LoadInto(network);
        return new TextClassifier(network);
    }

    /// <summary>Logits [B, C] of a batch of id sequences, padded with 0 to the longest.</summary>
    internal static Tensor Logits(TextClassifierNetwork network, IReadOnlyList<int[]> sequences)
    {
        var batch = Padding.PadSequences(sequences, padValue: 0);
        return network.Forward(batch.Data, batch.Batch, batch.Steps, batch.Lengths);
    }

    internal static int ArgMax(float[] p) => Training.Metrics.ClassRanking.ArgMax(p);
}
