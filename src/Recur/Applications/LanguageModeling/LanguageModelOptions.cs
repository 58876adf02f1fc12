// LanguageModelOptions: the settings of `recur train charlm`: tokens, architecture, truncated-BPTT
// windows, optimisation (Adam, clipping, warm-up then cosine decay), budgets, seed and output files.
using Recur.Kernels;

namespace Recur.Applications.LanguageModeling;

/// <summary>Settings of a language-model training run (defaults: the documented tiny-shakespeare run).</summary>
public sealed record LanguageModelOptions
{
    /// <summary>Characters or words.</summary>
    public TokenUnit Tokens { get; init; } = TokenUnit.Char;

    /// <summary>The recurrent cell.</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>H: hidden size.</summary>
    public int Hidden { get; init; } = 512;

    /// <summary>L: stacked recurrent layers.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>E: embedding size.</summary>
    public int Embed { get; init; } = 64;

    /// <summary>Dropout between recurrent layers and before the output layer.</summary>
    public float Dropout { get; init; } = 0.2f;

    /// <summary>T: time steps per truncated-BPTT window.</summary>
    public int SeqLen { get; init; } = 128;

    /// <summary>B: parallel streams per batch.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>Epoch budget (null: unbounded when <see cref="Minutes"/> is set, else 10).</summary>
    public int? Epochs { get; init; }

    /// <summary>Wall-clock training budget in minutes (null: none); training stops cleanly, then evaluates and saves.</summary>
    public double? Minutes { get; init; }

    /// <summary>Peak Adam learning rate.</summary>
    public float LearningRate { get; init; } = 2e-3f;

    /// <summary>The learning rate at the end of the cosine decay, as a fraction of the peak.</summary>
    public float MinLearningRateFraction { get; init; } = 0.05f;

    /// <summary>Optimizer steps of linear warm-up from 0 to the peak rate.</summary>
    public int WarmupSteps { get; init; } = 50;

    /// <summary>Global gradient-norm clip.</summary>
    public float Clip { get; init; } = 1f;

    /// <summary>The last fraction of the tokens (by position) held out for validation.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Words seen fewer times than this in the training part map to the unknown token (word models).</summary>
    public int MinWordCount { get; init; } = 2;

    /// <summary>Evaluate on the whole validation part every this many steps (null: at epoch ends only).</summary>
    public int? EvalEvery { get; init; }

    /// <summary>Seed of initialisation, dropout and window offsets.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Where to write the trained model (null: nowhere).</summary>
    public string? Out { get; init; }

    /// <summary>Checkpoint file (null: none).</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Continue from the checkpoint.</summary>
    public bool Resume { get; init; }

    /// <summary>Streams used by validation (each starts from a zero state, then carries it).</summary>
    public int EvalStreams { get; init; } = 16;

    /// <summary>Throws an ArgumentException naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Hidden <= 0 || Layers <= 0 || Embed <= 0) throw new ArgumentException("--hidden, --layers and --embed must be positive.");
        if (SeqLen <= 0 || Batch <= 0) throw new ArgumentException("--seq-len and --batch must be positive.");
        if (Epochs is <= 0) throw new ArgumentException($"--epochs must be positive, got {Epochs}.");
        if (Minutes is { } m && !(m > 0)) throw new ArgumentException($"--minutes must be positive, got {m}.");
        if (!(Dropout >= 0f && Dropout < 1f)) throw new ArgumentException($"--dropout must lie in [0, 1), got {Dropout}.");
        if (!(LearningRate > 0f)) throw new ArgumentException($"--lr must be positive, got {LearningRate}.");
        if (!(Clip > 0f)) throw new ArgumentException($"--clip must be positive, got {Clip}.");
        if (!(MinLearningRateFraction is >= 0f and <= 1f)) throw new ArgumentException("the final learning-rate fraction must lie in [0, 1].");
        if (WarmupSteps < 0) throw new ArgumentException("--warmup must be non-negative.");
        if (!(ValidationFraction > 0 && ValidationFraction < 1)) throw new ArgumentException($"the validation fraction must lie in (0, 1), got {ValidationFraction}.");
        if (EvalEvery is <= 0) throw new ArgumentException($"--eval-every must be positive, got {EvalEvery}.");
        if (MinWordCount < 1) throw new ArgumentException("the minimum word count must be at least 1.");
        if (EvalStreams <= 0) throw new ArgumentException("the evaluation streams must be positive.");
        if (Resume && Checkpoint == null) throw new ArgumentException("--resume needs --checkpoint or --out (the checkpoint is beside it).");
    }
}
