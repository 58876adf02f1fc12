// SpeechConfig: what a saved speech model needs besides its weights (stored as JSON in the model file):
// the objective, the labels (classify: class names; ctc: the symbols, id = position + 1, blank 0), the
// feature settings and the model sizes.
using System.Text.Json;
using System.Text.Json.Serialization;
using Recur.Audio;

namespace Recur.Applications.Speech;

/// <summary>The configuration saved with a speech model.</summary>
public sealed record SpeechConfig
{
    /// <summary>"classify" or "ctc".</summary>
    [JsonPropertyName("mode")] public string Mode { get; init; } = "classify";

    /// <summary>Class names (classify) or symbols (ctc).</summary>
    [JsonPropertyName("labels")] public string[] Labels { get; init; } = [];

    /// <summary>Feature sample rate (Hz).</summary>
    [JsonPropertyName("sample_rate")] public int SampleRate { get; init; }

    /// <summary>Frame length (ms).</summary>
    [JsonPropertyName("frame_ms")] public double FrameMs { get; init; }

    /// <summary>Hop (ms).</summary>
    [JsonPropertyName("hop_ms")] public double HopMs { get; init; }

    /// <summary>Mel bands.</summary>
    [JsonPropertyName("mel_bins")] public int MelBins { get; init; }

    /// <summary>Lowest filter frequency (Hz).</summary>
    [JsonPropertyName("low_hz")] public double LowHz { get; init; }

    /// <summary>Highest filter frequency (Hz), null for Nyquist.</summary>
    [JsonPropertyName("high_hz")] public double? HighHz { get; init; }

    /// <summary>MFCCs (0: log-mel).</summary>
    [JsonPropertyName("mfcc")] public int Mfcc { get; init; }

    /// <summary>Delta order.</summary>
    [JsonPropertyName("delta_order")] public int DeltaOrder { get; init; }

    /// <summary>Delta window.</summary>
    [JsonPropertyName("delta_window")] public int DeltaWindow { get; init; }

    /// <summary>Conv channels.</summary>
    [JsonPropertyName("channels")] public int Channels { get; init; }

    /// <summary>GRU hidden size.</summary>
    [JsonPropertyName("hidden_size")] public int Hidden { get; init; }

    /// <summary>GRU layers.</summary>
    [JsonPropertyName("num_layers")] public int Layers { get; init; }

    /// <summary>ctc: default beam width.</summary>
    [JsonPropertyName("beam_width")] public int BeamWidth { get; init; } = 8;

    /// <summary>ctc: longest evaluation sequence, in clips.</summary>
    [JsonPropertyName("max_sequence")] public int MaxSequence { get; init; } = 5;

    /// <summary>The objective as an enum.</summary>
    [JsonIgnore] public SpeechMode SpeechMode => Mode == "ctc" ? SpeechMode.Ctc : SpeechMode.Classify;

    /// <summary>The feature settings.</summary>
    [JsonIgnore]
    public FeatureOptions Features => new()
    {
        SampleRate = SampleRate, FrameMs = FrameMs, HopMs = HopMs, MelBins = MelBins, LowHz = LowHz, HighHz = HighHz,
        Mfcc = Mfcc, DeltaOrder = DeltaOrder, DeltaWindow = DeltaWindow,
    };

    /// <summary>The configuration of a run.</summary>
    public static SpeechConfig From(SpeechOptions o, string[] labels) => new()
    {
        Mode = o.Mode == SpeechMode.Ctc ? "ctc" : "classify", Labels = labels,
        SampleRate = o.Features.SampleRate, FrameMs = o.Features.FrameMs, HopMs = o.Features.HopMs, MelBins = o.Features.MelBins,
        LowHz = o.Features.LowHz, HighHz = o.Features.HighHz, Mfcc = o.Features.Mfcc, DeltaOrder = o.Features.DeltaOrder,
        DeltaWindow = o.Features.DeltaWindow, Channels = o.Channels, Hidden = o.Hidden, Layers = o.Layers,
        BeamWidth = o.BeamWidth, MaxSequence = o.MaxSequence,
    };

    /// <summary>JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Parses JSON written by <see cref="ToJson"/>; errors name <paramref name="path"/>.</summary>
    public static SpeechConfig Parse(string json, string path)
    {
        SpeechConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<SpeechConfig>(json, ConfigChecks.StrictJson);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the speech configuration is not valid JSON ({e.Message}).");
        }
        if (config == null || config.Labels.Length == 0 || (config.Mode != "ctc" && config.Mode != "classify"))
            throw new InvalidDataException($"{path}: the speech configuration lacks its mode or labels.");
        ConfigChecks.DistinctStrings(config.Labels, "labels", "speech", path);
        if (config.BeamWidth < 1 || config.MaxSequence < 1)
            throw new InvalidDataException(
                $"{path}: the speech configuration's beam_width ({config.BeamWidth}) and max_sequence ({config.MaxSequence}) must be at least 1.");
        try
        {
            // The feature settings do not change the network's shape, so loading the weights would not catch an edit.
            config.Features.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: the speech configuration's {e.Message}");
        }
        return config;
    }
}
