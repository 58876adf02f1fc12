// SpeechOptions: the settings of `recur train speech`: data folder, objective, model size, optimisation,
// budgets, seed, output, and (ctc) how digit sequences are built from clips.
using Recur.Audio;

namespace Recur.Applications.Speech;

/// <summary>Settings of <see cref="SpeechRecognizer.Train"/>.</summary>
public sealed record SpeechOptions
{
    /// <summary>Folder of `{label}_{speaker}_{index}.wav` recordings; index 0-4 are the test set.</summary>
    public required string Data { get; init; }

    /// <summary>Classify clips or transcribe sequences with CTC.</summary>
    public SpeechMode Mode { get; init; } = SpeechMode.Classify;

    /// <summary>Feature extraction (MFCC + deltas by default).</summary>
    public FeatureOptions Features { get; init; } = new();

    /// <summary>C: channels of the convolutions.</summary>
    public int Channels { get; init; } = 64;

    /// <summary>H: GRU hidden size per direction.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>GRU layers.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Dropout before the head (and between GRU layers).</summary>
    public float Dropout { get; init; } = 0.2f;

    /// <summary>Recordings (classify) or sequences (ctc) per batch.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>
    /// Epochs (classify: passes over the training clips; ctc: <see cref="BatchesPerEpoch"/> batches); the learning
    /// rate follows a cosine from <see cref="LearningRate"/> to 2 % of it over them (with <see cref="Minutes"/>, over
    /// the epochs or the budget, whichever ends first).
    /// </summary>
    public int Epochs { get; init; } = 60;

    /// <summary>Time budget in minutes (null: none).</summary>
    public double? Minutes { get; init; }

    /// <summary>The epoch cap used when only a time budget is given (the budget ends the run first).</summary>
    public const int MaxEpochs = 1000;

    /// <summary>
    /// The epochs for a command line: <paramref name="epochs"/> when given, else 60 (classify) or 20 (ctc), or
    /// with only a time budget <paramref name="minutes"/>, <see cref="MaxEpochs"/> (as many as the budget
    /// allows; the learning-rate cosine then follows the clock).
    /// </summary>
    public static int EpochsFor(int? epochs, double? minutes, SpeechMode mode) =>
        epochs ?? (minutes != null ? MaxEpochs : mode == SpeechMode.Ctc ? 20 : 60);

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; init; } = 2e-3f;

    /// <summary>classify: each training clip is played at speed 1 + U(-this, this) (0: off, cached features).</summary>
    public double SpeedPerturbation { get; init; } = 0.1;

    /// <summary>Global gradient-norm clip.</summary>
    public float Clip { get; init; } = 5f;

    /// <summary>Seed of initialisation, shuffling and sequence building.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Where to write the model (null: nowhere).</summary>
    public string? Out { get; init; }

    /// <summary>ctc: batches of freshly joined training sequences per epoch.</summary>
    public int BatchesPerEpoch { get; init; } = 40;

    /// <summary>ctc: the longest sequence, in clips (each sequence has 1..this many).</summary>
    public int MaxSequence { get; init; } = 5;

    /// <summary>ctc: test sequences built from the test recordings.</summary>
    public int TestSequences { get; init; } = 300;

    /// <summary>ctc: prefix beam search width for the final figures and transcription.</summary>
    public int BeamWidth { get; init; } = 8;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Features);
        Features.Validate();
        if (Channels < 1 || Hidden < 1 || Layers < 1) throw new ArgumentException($"speech: --channels, --hidden and --layers must be positive (got {Channels}, {Hidden}, {Layers}).");
        if (Batch < 1 || Epochs < 1 || BatchesPerEpoch < 1 || TestSequences < 1) throw new ArgumentException("speech: --batch, --epochs, batches per epoch and test sequences must be positive.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"speech: --dropout must be in [0, 1), got {Dropout}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"speech: --lr must be positive, got {LearningRate}.");
        if (MaxSequence < 1) throw new ArgumentException($"speech: --max-sequence must be at least 1, got {MaxSequence}.");
        if (BeamWidth < 1) throw new ArgumentException($"speech: --beam must be at least 1, got {BeamWidth}.");
        if (!(SpeedPerturbation >= 0 && SpeedPerturbation < 0.5)) throw new ArgumentException($"speech: --speed must be in [0, 0.5), got {SpeedPerturbation}.");
        if (Minutes is <= 0) throw new ArgumentException($"speech: --minutes must be positive, got {Minutes}.");
    }
}
