// Vocabulary: a fixed token <-> index map learned from training text. Index 0 is the padding token and
// index 1 the unknown token when they are asked for; tokens then follow by descending frequency (ties in
// ordinal order), so the same text always gives the same vocabulary.
using System.Text.Json;

namespace Recur.Text;

/// <summary>A token to index map with optional padding and unknown tokens.</summary>
public sealed class Vocabulary
{
    /// <summary>The padding token's text.</summary>
    public const string PadToken = "<pad>";

    /// <summary>The unknown token's text.</summary>
    public const string UnknownToken = "<unk>";

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a vocabulary from its tokens in index order (duplicates are an error).</summary>
    public Vocabulary(IEnumerable<string> tokens)
    {
        _tokens = tokens.ToArray();
        _index = new Dictionary<string, int>(_tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < _tokens.Length; i++)
        {
            if (_tokens[i] is null)
                throw new ArgumentException($"the vocabulary's token {i} is null; every token must be a string.", nameof(tokens));
            if (!_index.TryAdd(_tokens[i], i))
                throw new ArgumentException($"token '{_tokens[i]}' appears twice in the vocabulary.", nameof(tokens));
        }
        PadIndex = _index.TryGetValue(PadToken, out int p) ? p : -1;
        UnknownIndex = _index.TryGetValue(UnknownToken, out int u) ? u : -1;
    }

    /// <summary>Number of tokens, specials included.</summary>
    public int Count => _tokens.Length;

    /// <summary>Index of <see cref="PadToken"/>, or -1 when the vocabulary has none.</summary>
    public int PadIndex { get; }

    /// <summary>Index of <see cref="UnknownToken"/>, or -1 when the vocabulary has none.</summary>
    public int UnknownIndex { get; }

    /// <summary>The tokens in index order.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The token at <paramref name="index"/>.</summary>
    public string this[int index] => _tokens[index];

    /// <summary>
    /// Learns a vocabulary from tokenised texts: tokens seen at least <paramref name="minCount"/> times, the
    /// <paramref name="maxSize"/> most frequent when given (specials included in the count).
    /// </summary>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> texts, int minCount = 1, int? maxSize = null,
        bool withPad = true, bool withUnknown = true)
    {
        if (minCount < 1) throw new ArgumentOutOfRangeException(nameof(minCount), minCount, "minCount must be at least 1.");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var token in text)
                counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        var specials = new List<string>();
        if (withPad) specials.Add(PadToken);
        if (withUnknown) specials.Add(UnknownToken);
        var ordered = counts.Where(kv => kv.Value >= minCount && !specials.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key);
        if (maxSize is int max)
        {
            if (max <= specials.Count) throw new ArgumentOutOfRangeException(nameof(maxSize), max, $"maxSize must exceed the {specials.Count} special tokens.");
            ordered = ordered.Take(max - specials.Count);
        }
        return new Vocabulary(specials.Concat(ordered));
    }

    /// <summary>True when the token is in the vocabulary.</summary>
    public bool Contains(string token) => _index.ContainsKey(token);

    /// <summary>
    /// The token's index; an unknown token maps to <see cref="UnknownIndex"/>, or is an error when the
    /// vocabulary has no unknown token.
    /// </summary>
    public int IndexOf(string token)
    {
        if (_index.TryGetValue(token, out int i)) return i;
        if (UnknownIndex >= 0) return UnknownIndex;
        throw new ArgumentException($"token '{token}' is not in the vocabulary of {Count} tokens, which has no '{UnknownToken}' token.");
    }

    /// <summary>Indices of <paramref name="tokens"/> (see <see cref="IndexOf"/>).</summary>
    public int[] Encode(IEnumerable<string> tokens) => tokens.Select(IndexOf).ToArray();

    /// <summary>The tokens of <paramref name="indices"/>.</summary>
    public string[] Decode(IEnumerable<int> indices) => indices.Select(i => _tokens[i]).ToArray();

    /// <summary>The tokens as a JSON array (for model files).</summary>
    public string ToJson() => JsonSerializer.Serialize(_tokens);

    /// <summary>Reads a vocabulary written by <see cref="ToJson"/>.</summary>
    public static Vocabulary FromJson(string json)
    {
        string[]? tokens;
        try
        {
            tokens = JsonSerializer.Deserialize<string[]>(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"invalid vocabulary JSON: {e.Message}");
        }
        return new Vocabulary(tokens ?? throw new InvalidDataException("invalid vocabulary JSON: null."));
    }
}
