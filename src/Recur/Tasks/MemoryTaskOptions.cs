// MemoryTaskOptions: the settings shared by `recur train adding` and `recur train copy`: model size,
// optimisation, budgets (epochs and/or minutes), seed, and where the model and checkpoint go.
using System.Globalization;

namespace Recur.Tasks;

/// <summary>Settings of a long-range memory task run.</summary>
public sealed record MemoryTaskOptions
{
    /// <summary>T: sequence length (adding) or delay (copy).</summary>
    public int Length { get; init; } = 100;

    /// <summary>LSTM hidden size.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Sequences per batch.</summary>
    public int Batch { get; init; } = 64;

    /// <summary>Batches per epoch (data is generated fresh, so an epoch is a fixed number of batches).</summary>
    public int BatchesPerEpoch { get; init; } = 100;

    /// <summary>Epoch budget.</summary>
    public int Epochs { get; init; } = 1000;

    /// <summary>Time budget in minutes (null: none).</summary>
    public double? Minutes { get; init; }

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Global gradient-norm clip.</summary>
    public float Clip { get; init; } = 1f;

    /// <summary>Seed of initialisation and data.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Stop once the validation figure is at or below this (adding: wrong fraction; null: never).</summary>
    public double? StopAt { get; init; }

    /// <summary>Where to write the trained model (null: nowhere).</summary>
    public string? Out { get; init; }

    /// <summary>Checkpoint file (null: none).</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Continue from the checkpoint if it exists.</summary>
    public bool Resume { get; init; }

    /// <summary>Held-out sequences for the final figures.</summary>
    public int TestSequences { get; init; } = 2560;

    /// <summary>The settings a resumed run must share with its checkpoint (budgets may change), as option names and values.</summary>
    internal static IEnumerable<(string Name, string Value)> ResumeSettings(MemoryTaskOptions o) =>
    [
        ("--length", o.Length.ToString(CultureInfo.InvariantCulture)), ("--hidden", o.Hidden.ToString(CultureInfo.InvariantCulture)),
        ("--batch", o.Batch.ToString(CultureInfo.InvariantCulture)), ("--lr", o.LearningRate.ToString("R", CultureInfo.InvariantCulture)),
        ("--clip", o.Clip.ToString("R", CultureInfo.InvariantCulture)), ("--seed", o.Seed.ToString(CultureInfo.InvariantCulture)),
    ];
}
