// ClassifierConfig: everything besides the weights that a saved text classifier needs to rebuild its
// network and read new text the way its training data was read: architecture, tokenisation, vocabulary,
// class labels and the data columns. Stored as JSON in the model file (Applications/TaskModelFile).
using System.Text.Json;
using System.Text.Json.Serialization;
using Recur.Kernels;

namespace Recur.Applications.Classification;

/// <summary>The architecture, vocabulary and labels of a text classifier.</summary>
public sealed record ClassifierConfig
{
    /// <summary>The recurrent cell: "gru", "lstm" or "rnn".</summary>
    public string Cell { get; init; } = "gru";

    /// <summary>E: embedding size.</summary>
    public int Embed { get; init; } = 64;

    /// <summary>H: hidden size of each direction.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Whether the encoder reads the text in both directions.</summary>
    public bool Bidirectional { get; init; }

    /// <summary>How outputs over time become one vector.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<Pooling>))]
    public Pooling Pooling { get; init; } = Pooling.Attention;

    /// <summary>A: attention size (with <see cref="Pooling.Attention"/>).</summary>
    public int AttentionSize { get; init; } = 64;

    /// <summary>Dropout on the embeddings and the pooled vector while training.</summary>
    public float Dropout { get; init; } = 0.2f;

    /// <summary>Whether words are lower-cased before lookup.</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>Texts longer than this many tokens keep their first tokens.</summary>
    public int MaxTokens { get; init; } = 200;

    /// <summary>The vocabulary, index order (0 = &lt;pad&gt;, 1 = &lt;unk&gt;).</summary>
    public string[] Tokens { get; init; } = [];

    /// <summary>The class labels, index order.</summary>
    public string[] Labels { get; init; } = [];

    /// <summary>Text column of the training data (used by `recur eval`).</summary>
    public string TextColumn { get; init; } = "text";

    /// <summary>Label column of the training data.</summary>
    public string LabelColumn { get; init; } = "label";

    /// <summary>Field delimiter of the training data when given explicitly (null: detected).</summary>
    public string? Delimiter { get; init; }

    /// <summary>The cell kind of <see cref="Cell"/>.</summary>
    [JsonIgnore]
    public CellKind CellKind => ParseCell(Cell);

    /// <summary>"gru", "lstm" or "rnn" (tanh) to a cell kind.</summary>
    public static CellKind ParseCell(string cell) => cell.ToLowerInvariant() switch
    {
        "gru" => CellKind.Gru,
        "lstm" => CellKind.Lstm,
        "rnn" => CellKind.RnnTanh,
        _ => throw new ArgumentException($"--cell '{cell}' is not a recurrent cell; use gru, lstm or rnn."),
    };

    /// <summary>The configuration as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads <see cref="ToJson"/>'s output; errors name <paramref name="source"/>.</summary>
    public static ClassifierConfig FromJson(string json, string source)
    {
        ClassifierConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ClassifierConfig>(json, ConfigChecks.StrictJson);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: invalid classifier configuration: {e.Message}");
        }
        if (config == null || config.Tokens.Length < 2 || config.Labels.Length < 2)
            throw new InvalidDataException($"{source}: the classifier configuration lacks its vocabulary or labels.");
        ConfigChecks.DistinctStrings(config.Tokens, "Tokens", "classifier", source);
        ConfigChecks.DistinctStrings(config.Labels, "Labels", "classifier", source);
        if (config.MaxTokens < 1)
            throw new InvalidDataException($"{source}: the classifier configuration's \"MaxTokens\" is {config.MaxTokens}; it must be at least 1.");
        _ = ParseCell(config.Cell);
        return config;
    }
}
