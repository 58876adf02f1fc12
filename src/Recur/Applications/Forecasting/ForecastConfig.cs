// ForecastConfig: what a saved forecaster needs besides its weights, stored as the task configuration
// JSON of its model file (Applications/TaskModelFile): which CSV columns it reads, the window sizes, the
// recurrent layer, the series transform fitted on the training span, the seasonal period of the
// seasonal-naive baseline and the test span of its evaluation protocol.
using System.Text.Json;
using System.Text.Json.Serialization;
using Recur.Layers;

namespace Recur.Applications.Forecasting;

/// <summary>The configuration of a trained <see cref="Forecaster"/>.</summary>
public sealed record ForecastConfig
{
    /// <summary>The value column it forecasts.</summary>
    [JsonPropertyName("column")] public string Column { get; init; } = "";

    /// <summary>The date column ("none" when the training file had no dates).</summary>
    [JsonPropertyName("date_column")] public string DateColumn { get; init; } = "none";

    /// <summary>L: past values the network reads.</summary>
    [JsonPropertyName("lookback")] public int Lookback { get; init; }

    /// <summary>H: future values it predicts at once.</summary>
    [JsonPropertyName("horizon")] public int Horizon { get; init; } = 1;

    /// <summary>The recurrent layer (batch-first, input size 1).</summary>
    [JsonPropertyName("rnn")] public RecurrentConfig Rnn { get; init; } = new();

    /// <summary>Log, differencing and the standardisation fitted on the training span.</summary>
    [JsonPropertyName("transform")] public SeriesTransform Transform { get; init; } = new(false, 0, 0, 1);

    /// <summary>m of the seasonal-naive baseline (null: none).</summary>
    [JsonPropertyName("seasonal_period")] public int? SeasonalPeriod { get; init; }

    /// <summary>The held-out end of a series, as <see cref="TestSpan.Parse"/> reads it.</summary>
    [JsonPropertyName("test")] public string Test { get; init; } = "0.2";

    /// <summary>
    /// With a bidirectional layer, whether the head reads each direction where it ends (forward at the last
    /// step, reverse at the first: <c>LastTimeStep(bidirectional: true)</c>). New configurations do; a file
    /// written before this field existed reads the reverse half at the last step, as it was trained.
    /// </summary>
    [JsonPropertyName("each_direction_at_its_end")] public bool EachDirectionAtItsEnd { get; init; } = true;

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        RespectNullableAnnotations = true, // "column": null is an error here, not a NullReferenceException later
    };

    /// <summary>This configuration as compact JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Parses JSON written by <see cref="ToJson"/>; bad JSON is an <see cref="InvalidDataException"/>.</summary>
    public static ForecastConfig FromJson(string json, string source)
    {
        try
        {
            var c = JsonSerializer.Deserialize<ForecastConfig>(json, s_json) ?? throw new InvalidDataException($"{source}: the forecast configuration is empty.");
            using (var doc = JsonDocument.Parse(json))
                if (doc.RootElement.ValueKind == JsonValueKind.Object && !doc.RootElement.TryGetProperty("each_direction_at_its_end", out _))
                    c = c with { EachDirectionAtItsEnd = false }; // written before the field: keep the reading it was trained with
            if (c.Lookback < 1 || c.Horizon < 1 || c.Column.Length == 0 || c.Transform.Std <= 0)
                throw new InvalidDataException($"{source}: the forecast configuration is incomplete (column, lookback, horizon or transform).");
            var t = c.Transform;
            if (t.Difference is < 0 or > 2 || !double.IsFinite(t.Mean) || !double.IsFinite(t.Std))
                throw new InvalidDataException($"{source}: the forecast configuration's transform (difference {t.Difference}, mean {t.Mean}, std {t.Std}) " +
                    "is invalid: difference must be 0, 1 or 2 and mean and std finite.");
            return c;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: the forecast configuration is not valid JSON: {e.Message}");
        }
    }
}
