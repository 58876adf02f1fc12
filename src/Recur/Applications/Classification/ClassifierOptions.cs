// ClassifierOptions: the settings of `recur train classify`: data columns, model size, optimisation, split,
// vocabulary limits, seed and output.
namespace Recur.Applications.Classification;

/// <summary>Settings of a text classifier training run.</summary>
public sealed record ClassifierOptions
{
    /// <summary>Which columns hold text and label, and the delimiter.</summary>
    public ColumnSpec Columns { get; init; } = new();

    /// <summary>The recurrent cell: gru, lstm or rnn.</summary>
    public string Cell { get; init; } = "gru";

    /// <summary>E: embedding size.</summary>
    public int Embed { get; init; } = 64;

    /// <summary>H: hidden size per direction.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Read texts in both directions.</summary>
    public bool Bidirectional { get; init; }

    /// <summary>Mean or attention pooling over time.</summary>
    public Pooling Pooling { get; init; } = Pooling.Attention;

    /// <summary>Dropout on embeddings and the pooled vector.</summary>
    public float Dropout { get; init; } = 0.2f;

    /// <summary>Lower-case words before building the vocabulary.</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>Tokens kept per text.</summary>
    public int MaxTokens { get; init; } = 200;

    /// <summary>Largest vocabulary, &lt;pad&gt; and &lt;unk&gt; included (null: no limit).</summary>
    public int? MaxVocab { get; init; } = 20000;

    /// <summary>
    /// A word needs this many occurrences in the training split to get its own id. With 2 the words seen
    /// once become &lt;unk&gt; in training, so &lt;unk&gt; gets a trained embedding for the unseen words of new text.
    /// </summary>
    public int MinCount { get; init; } = 2;

    /// <summary>Fraction of the distinct texts of each class held out for testing.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Passes over the training split.</summary>
    public int Epochs { get; init; } = 8;

    /// <summary>Texts per batch.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; init; } = 2e-3f;

    /// <summary>Global gradient-norm clip.</summary>
    public float Clip { get; init; } = 5f;

    /// <summary>Seed of the split, initialisation, dropout and batch order.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Where to write the model (null: nowhere).</summary>
    public string? Out { get; init; }
}
