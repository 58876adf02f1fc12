// TaggerConfig: what a saved tagger needs besides its weights (JSON in the model file): the word, character
// and tag vocabularies, the model sizes and the most-frequent-tag lexicon of the baseline.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recur.Applications.Tagging;

/// <summary>The configuration saved with a tagger.</summary>
public sealed record TaggerConfig
{
    /// <summary>Known words (lowercased); word id = position + 2 (0 padding, 1 &lt;unk&gt;).</summary>
    [JsonPropertyName("words")] public string[] Words { get; init; } = [];

    /// <summary>Known characters (one string per Unicode text element); id = position + 2 (0 padding, 1 unknown).</summary>
    [JsonPropertyName("chars")] public string[] Chars { get; init; } = [];

    /// <summary>The tags; tag id = position.</summary>
    [JsonPropertyName("tags")] public string[] Tags { get; init; } = [];

    /// <summary>Word embedding size.</summary>
    [JsonPropertyName("word_dim")] public int WordDim { get; init; }

    /// <summary>Character embedding size.</summary>
    [JsonPropertyName("char_dim")] public int CharDim { get; init; }

    /// <summary>Character LSTM hidden size.</summary>
    [JsonPropertyName("char_hidden")] public int CharHidden { get; init; }

    /// <summary>Sentence LSTM hidden size.</summary>
    [JsonPropertyName("hidden_size")] public int Hidden { get; init; }

    /// <summary>Sentence LSTM layers.</summary>
    [JsonPropertyName("num_layers")] public int Layers { get; init; }

    /// <summary>Baseline: the most frequent training tag of each training word form (exact form).</summary>
    [JsonPropertyName("baseline_lexicon")] public Dictionary<string, string> Lexicon { get; init; } = [];

    /// <summary>Baseline: the most frequent training tag overall (for unseen forms).</summary>
    [JsonPropertyName("baseline_default")] public string DefaultTag { get; init; } = "";

    /// <summary>JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Parses JSON written by <see cref="ToJson"/>; errors name <paramref name="path"/>.</summary>
    public static TaggerConfig Parse(string json, string path)
    {
        TaggerConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<TaggerConfig>(json, ConfigChecks.StrictJson);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the tagger configuration is not valid JSON ({e.Message}).");
        }
        if (config == null || config.Tags.Length == 0 || config.WordDim < 1 || config.Hidden < 1 || config.Layers < 1)
            throw new InvalidDataException($"{path}: the tagger configuration lacks its tags or sizes.");
        ConfigChecks.DistinctStrings(config.Words, "words", "tagger", path);
        ConfigChecks.DistinctStrings(config.Chars, "chars", "tagger", path);
        ConfigChecks.DistinctStrings(config.Tags, "tags", "tagger", path);
        return config;
    }
}
