// TranslationOptions: the settings of `recur train translate` (defaults = the documented command).
using Recur.Kernels;

namespace Recur.Applications.Translation;

/// <summary>Options of <see cref="TranslationTrainer.Train(IReadOnlyList{SentencePair}, TranslationOptions, Recur.Training.IProgressReporter?, Action{string}?, CancellationToken)"/>.</summary>
public sealed record TranslationOptions
{
    /// <summary>The short-sentence filter applied before splitting (default: at most 10 tokens, English prefixes).</summary>
    public PairFilter Filter { get; init; } = PairFilter.Default;

    /// <summary>Encoder and decoder cell (GRU or LSTM).</summary>
    public CellKind Cell { get; init; } = CellKind.Gru;

    /// <summary>Embedding size.</summary>
    public int Embed { get; init; } = 128;

    /// <summary>Hidden size.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Bidirectional encoder.</summary>
    public bool Bidirectional { get; init; } = true;

    /// <summary>Attention scoring.</summary>
    public AttentionKind Attention { get; init; } = AttentionKind.Additive;

    /// <summary>Sentence pairs per batch.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>Epochs (default 30; unbounded when only <see cref="Minutes"/> is given).</summary>
    public int? Epochs { get; init; }

    /// <summary>Training time budget in minutes.</summary>
    public double? Minutes { get; init; }

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; init; } = 2e-3f;

    /// <summary>Gradient-norm clip.</summary>
    public float Clip { get; init; } = 5f;

    /// <summary>Probability of feeding the reference token (not the model's own) at each training step.</summary>
    public float TeacherForcing { get; init; } = 0.75f;

    /// <summary>Fraction of distinct source sentences held out (all their pairs go to the held-out side).</summary>
    public double HeldOutFraction { get; init; } = 0.1;

    /// <summary>Tokens seen fewer times in training map to &lt;unk&gt;.</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>Beam width of the final beam-search evaluation (greedy is always reported too).</summary>
    public int Beam { get; init; } = 5;

    /// <summary>Length-normalisation exponent alpha of beam search (score = log P / length^alpha).</summary>
    public double LengthNormalization { get; init; } = 1.0;

    /// <summary>Seed of initialisation, split, shuffling and teacher forcing.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Where to write the model, or null.</summary>
    public string? Out { get; init; }

    /// <summary>The 0-based columns the pairs were read from (source, target), kept in the model for <c>recur eval</c>.</summary>
    public (int Source, int Target) Columns { get; init; } = (0, 1);

    /// <summary>Throws an ArgumentException naming the first bad option.</summary>
    public void Validate()
    {
        if (Filter.MaxLength < 1) throw new ArgumentException($"--max-length must be at least 1, got {Filter.MaxLength}.");
        if (Columns.Source < 0 || Columns.Target < 0 || Columns.Source == Columns.Target)
            throw new ArgumentException($"--source-column and --target-column must be two different non-negative columns, got {Columns.Source} and {Columns.Target}.");
        if (Cell is not (CellKind.Gru or CellKind.Lstm)) throw new ArgumentException("--cell must be gru or lstm for translation.");
        if (Embed < 1 || Hidden < 1) throw new ArgumentException($"--embed and --hidden must be positive, got {Embed} and {Hidden}.");
        if (Batch < 1) throw new ArgumentException($"--batch must be at least 1, got {Batch}.");
        if (Epochs is < 1) throw new ArgumentException($"--epochs must be at least 1, got {Epochs}.");
        if (Minutes is { } m && !(m > 0)) throw new ArgumentException($"--minutes must be positive, got {m}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"--lr must be positive, got {LearningRate}.");
        if (!(Clip > 0)) throw new ArgumentException($"--clip must be positive, got {Clip}.");
        if (!(TeacherForcing is >= 0f and <= 1f)) throw new ArgumentException($"--teacher-forcing must lie in [0, 1], got {TeacherForcing}.");
        if (!(HeldOutFraction is > 0 and < 1)) throw new ArgumentException($"--held-out must lie in (0, 1), got {HeldOutFraction}.");
        if (MinCount < 1) throw new ArgumentException($"--min-count must be at least 1, got {MinCount}.");
        if (Beam < 1) throw new ArgumentException($"--beam must be at least 1, got {Beam}.");
        if (!(LengthNormalization >= 0) || double.IsPositiveInfinity(LengthNormalization))
            throw new ArgumentException($"--length-norm must be a finite number >= 0, got {LengthNormalization}.");
        if (Attention == AttentionKind.Dot && Hidden < 1) throw new ArgumentException("--hidden must be positive.");
    }
}
