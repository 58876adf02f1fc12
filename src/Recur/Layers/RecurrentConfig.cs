// RecurrentConfig: everything needed to rebuild a recurrent sequence layer, stored as JSON in the
// __metadata__ of a Recur model file (IO/ModelFile) so that the file alone reloads the model. Field names
// follow PyTorch's constructor arguments.
using System.Text.Json;
using System.Text.Json.Serialization;
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>The constructor arguments of an <see cref="Rnn"/>, <see cref="Lstm"/> or <see cref="Gru"/>.</summary>
public sealed record RecurrentConfig
{
    /// <summary>"rnn", "lstm" or "gru".</summary>
    [JsonPropertyName("kind")] public string Kind { get; init; } = "lstm";

    /// <summary>I.</summary>
    [JsonPropertyName("input_size")] public int InputSize { get; init; }

    /// <summary>H.</summary>
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; }

    /// <summary>L.</summary>
    [JsonPropertyName("num_layers")] public int NumLayers { get; init; } = 1;

    /// <summary>Whether the biases exist.</summary>
    [JsonPropertyName("bias")] public bool Bias { get; init; } = true;

    /// <summary>Input and output as [B, T, features].</summary>
    [JsonPropertyName("batch_first")] public bool BatchFirst { get; init; }

    /// <summary>Inter-layer dropout (training only).</summary>
    [JsonPropertyName("dropout")] public float Dropout { get; init; }

    /// <summary>Two directions.</summary>
    [JsonPropertyName("bidirectional")] public bool Bidirectional { get; init; }

    /// <summary>LSTM projection size (0: none).</summary>
    [JsonPropertyName("proj_size")] public int ProjSize { get; init; }

    /// <summary>"tanh" or "relu" (RNN only).</summary>
    [JsonPropertyName("nonlinearity")] public string Nonlinearity { get; init; } = "tanh";

    // A null where the type says a value ("kind": null) is a JsonException, not a NullReferenceException later.
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = false, RespectNullableAnnotations = true };

    /// <summary>Builds the layer this configuration describes (parameters from <paramref name="generator"/>).</summary>
    public RecurrentLayer Create(Generator? generator = null) => Kind is "lstm" or "gru" && Nonlinearity != "tanh"
        ? throw new ArgumentException($"nonlinearity '{Nonlinearity}' applies only to rnn; {Kind} has fixed gate functions (leave nonlinearity out or set it to tanh).")
        : Kind switch
    {
        "lstm" => new Lstm(InputSize, HiddenSize, NumLayers, Bias, BatchFirst, Dropout, Bidirectional, ProjSize, generator),
        "gru" => ProjSize == 0
            ? new Gru(InputSize, HiddenSize, NumLayers, Bias, BatchFirst, Dropout, Bidirectional, generator)
            : throw new ArgumentException("proj_size argument is only supported for LSTM, not RNN or GRU."),
        "rnn" => ProjSize == 0
            ? new Rnn(InputSize, HiddenSize, NumLayers, Nonlinearity, Bias, BatchFirst, Dropout, Bidirectional, generator)
            : throw new ArgumentException("proj_size argument is only supported for LSTM, not RNN or GRU."),
        _ => throw new ArgumentException($"Unknown recurrent kind '{Kind}'; use rnn, lstm or gru."),
    };

    /// <summary>
    /// How many parameters the layer would have (in double precision, so that absurd sizes from a damaged file
    /// do not overflow); 0 for an unknown kind. Lets a loader compare it with a file before allocating.
    /// </summary>
    public double ParameterCount()
    {
        int gates = Kind switch { "lstm" => 4, "gru" => 3, "rnn" => 1, _ => 0 };
        double g = (double)gates * HiddenSize, hout = ProjSize > 0 ? ProjSize : HiddenSize, dirs = Bidirectional ? 2 : 1, total = 0;
        for (int l = 0; l < Math.Max(0, NumLayers); l++)
        {
            double input = l == 0 ? InputSize : dirs * hout;
            total += dirs * (g * (input + hout) + (Bias ? 2 * g : 0) + (ProjSize > 0 ? (double)ProjSize * HiddenSize : 0));
        }
        return total;
    }

    /// <summary>The configuration of an existing layer.</summary>
    public static RecurrentConfig From(RecurrentLayer layer) => new()
    {
        Kind = layer.Kind switch { CellKind.Lstm => "lstm", CellKind.Gru => "gru", _ => "rnn" },
        InputSize = layer.InputSize,
        HiddenSize = layer.HiddenSize,
        NumLayers = layer.NumLayers,
        Bias = layer.Bias,
        BatchFirst = layer.BatchFirst,
        Dropout = layer.Dropout,
        Bidirectional = layer.Bidirectional,
        ProjSize = layer.ProjSize,
        Nonlinearity = layer.Kind == CellKind.RnnRelu ? "relu" : "tanh",
    };

    /// <summary>This configuration as compact JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Parses JSON written by <see cref="ToJson"/>; malformed JSON is an InvalidDataException.</summary>
    public static RecurrentConfig FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<RecurrentConfig>(json, s_json)
                ?? throw new InvalidDataException("The model configuration is empty (null).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The model configuration is not valid JSON: {e.Message}");
        }
    }
}
