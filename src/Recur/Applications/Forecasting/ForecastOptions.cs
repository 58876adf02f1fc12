// ForecastOptions: the settings of `recur train forecast` (ForecastTrainer.Train). Null sizes take their
// defaults from the data: the seasonal period from the date cadence (12 monthly, 365 daily, ...), the
// lookback from the seasonal period (m when 2 <= m <= 52, else 30), the epochs from the number of training
// windows (about 3,000 optimizer steps, 20 to 500 epochs).
namespace Recur.Applications.Forecasting;

/// <summary>Options of <see cref="ForecastTrainer.Train"/>.</summary>
public sealed record ForecastOptions
{
    /// <summary>L: past values per window (null: from the seasonal period).</summary>
    public int? Lookback { get; init; }

    /// <summary>H: values forecast at once from each origin.</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>"lstm", "gru" or "rnn".</summary>
    public string Cell { get; init; } = "lstm";

    /// <summary>Hidden size of the recurrent layer.</summary>
    public int Hidden { get; init; } = 32;

    /// <summary>Stacked recurrent layers.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Passes over the training windows (null: about 3,000 optimizer steps).</summary>
    public int? Epochs { get; init; }

    /// <summary>Windows per batch (at most the number of training windows).</summary>
    public int Batch { get; init; } = 32;

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Gradient-norm clip.</summary>
    public float Clip { get; init; } = 1f;

    /// <summary>Seed of initialisation and shuffling.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Model the log of the series (positive series with multiplicative growth).</summary>
    public bool Log { get; init; }

    /// <summary>d: difference the (log) series d times (0, 1 or 2) to remove a trend.</summary>
    public int Difference { get; init; }

    /// <summary>m of the seasonal-naive baseline (null: from the date cadence).</summary>
    public int? SeasonalPeriod { get; init; }

    /// <summary>The held-out end of the series.</summary>
    public TestSpan Test { get; init; } = new(0.2, 0);

    /// <summary>Where to write the model (null: nowhere).</summary>
    public string? Out { get; init; }
}
