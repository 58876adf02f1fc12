// TaggerOptions: the settings of `recur train tag`: data, model sizes, optimisation, budgets, seed, output.
namespace Recur.Applications.Tagging;

/// <summary>Settings of <see cref="Tagger.Train"/>.</summary>
public sealed record TaggerOptions
{
    /// <summary>Training CoNLL-U file.</summary>
    public required string Data { get; init; }

    /// <summary>Evaluation CoNLL-U file; null: the last 10 % of the training sentences are held out instead.</summary>
    public string? Dev { get; init; }

    /// <summary>E: word embedding size.</summary>
    public int WordDim { get; init; } = 100;

    /// <summary>Character embedding size.</summary>
    public int CharDim { get; init; } = 32;

    /// <summary>Hc: character LSTM hidden size per direction.</summary>
    public int CharHidden { get; init; } = 64;

    /// <summary>H: sentence LSTM hidden size per direction.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Sentence LSTM layers.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Dropout on word representations, between layers and before the head.</summary>
    public float Dropout { get; init; } = 0.3f;

    /// <summary>Training words seen fewer times than this get no embedding of their own (they share &lt;unk&gt;).</summary>
    public int MinCount { get; init; } = 2;

    /// <summary>Word dropout: a known word seen c times is replaced by &lt;unk&gt; with probability a / (a + c).</summary>
    public double WordDropout { get; init; } = 0.25;

    /// <summary>Sentences per batch (batches hold sentences of similar length).</summary>
    public int Batch { get; init; } = 32;

    /// <summary>Passes over the training sentences; the learning rate follows a cosine over them (or over the time budget).</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>The epoch cap used when only a time budget is given (the budget ends the run first).</summary>
    public const int MaxEpochs = 1000;

    /// <summary>
    /// The epochs for a command line: <paramref name="epochs"/> when given, else 20, or with only a time budget
    /// <paramref name="minutes"/>, <see cref="MaxEpochs"/> (as many as the budget allows, as charlm and
    /// translate do; the learning-rate cosine then follows the clock).
    /// </summary>
    public static int EpochsFor(int? epochs, double? minutes) => epochs ?? (minutes != null ? MaxEpochs : 20);

    /// <summary>Time budget in minutes (null: none); the learning-rate schedule is fitted to it.</summary>
    public double? Minutes { get; init; }

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; init; } = 2e-3f;

    /// <summary>Global gradient-norm clip.</summary>
    public float Clip { get; init; } = 5f;

    /// <summary>Seed of initialisation, batching and dropout.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Where to write the model (null: nowhere).</summary>
    public string? Out { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Data);
        if (WordDim < 1 || CharDim < 1 || CharHidden < 1 || Hidden < 1 || Layers < 1)
            throw new ArgumentException($"tag: --word-dim, --char-dim, --char-hidden, --hidden and --layers must be positive (got {WordDim}, {CharDim}, {CharHidden}, {Hidden}, {Layers}).");
        if (Batch < 1 || Epochs < 1) throw new ArgumentException($"tag: --batch and --epochs must be positive (got {Batch}, {Epochs}).");
        if (MinCount < 1) throw new ArgumentException($"tag: --min-count must be at least 1, got {MinCount}.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"tag: --dropout must be in [0, 1), got {Dropout}.");
        if (!(WordDropout >= 0)) throw new ArgumentException($"tag: --word-dropout must be non-negative, got {WordDropout}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"tag: --lr must be positive, got {LearningRate}.");
        if (Minutes is <= 0) throw new ArgumentException($"tag: --minutes must be positive, got {Minutes}.");
    }
}
