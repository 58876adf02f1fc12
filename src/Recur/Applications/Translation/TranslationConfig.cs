// TranslationConfig: everything besides the weights that rebuilds a translation model: vocabularies,
// architecture and the training filter (whose length limit is the model's limit). Stored as JSON in the
// model file (Applications/TaskModelFile) under task "translate".
using System.Text.Json;
using System.Text.Json.Serialization;
using Recur.Applications.LanguageModeling;
using Recur.Kernels;
using Recur.Text;

namespace Recur.Applications.Translation;

/// <summary>The architecture, vocabularies and length limit of a <see cref="Seq2Seq"/> model.</summary>
/// <param name="Cell">Encoder and decoder cell: GRU or LSTM.</param>
/// <param name="Embed">E: embedding size of both sides.</param>
/// <param name="Hidden">H: hidden size per encoder direction and of the decoder.</param>
/// <param name="Bidirectional">Whether the encoder reads both ways.</param>
/// <param name="Attention">The attention scoring.</param>
/// <param name="Filter">The training filter; its MaxLength is the longest source sentence the model takes.</param>
/// <param name="SourceVocabulary">Source tokens (with &lt;pad&gt;, &lt;unk&gt;).</param>
/// <param name="TargetVocabulary">Target tokens (with &lt;pad&gt;, &lt;unk&gt;, &lt;bos&gt;, &lt;eos&gt;).</param>
public sealed record TranslationConfig(CellKind Cell, int Embed, int Hidden, bool Bidirectional, AttentionKind Attention, PairFilter Filter,
    Vocabulary SourceVocabulary, Vocabulary TargetVocabulary)
{
    /// <summary>
    /// The 0-based columns of the pairs file the model was trained on (source, target); <c>recur eval</c> reads
    /// those. Files written before they were recorded read as (0, 1).
    /// </summary>
    public (int Source, int Target) Columns { get; init; } = (0, 1);

    /// <summary>
    /// The beam width the model was trained to be scored with (<c>--beam</c>); <c>recur eval</c> reports it
    /// beside greedy decoding. Files written before it was recorded read as 5.
    /// </summary>
    public int Beam { get; init; } = 5;

    /// <summary>
    /// The beam search's length-normalisation exponent at training (<c>--length-norm</c>); <c>recur eval</c> ranks
    /// with it. Files written before it was recorded read as 1.
    /// </summary>
    public double LengthNormalization { get; init; } = 1.0;

    /// <summary>The task name written into model files.</summary>
    public const string TaskName = "translate";

    /// <summary>Start-of-sentence token fed to the decoder's first step.</summary>
    public const string BosToken = "<bos>";

    /// <summary>End-of-sentence token the decoder emits to stop.</summary>
    public const string EosToken = "<eos>";

    /// <summary>The configuration as JSON (see <see cref="FromJson"/>).</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dto(CellType.Name(Cell), Embed, Hidden, Bidirectional, Attention.Name(), Filter.MaxLength,
        Filter.Prefixes, SourceVocabulary.Tokens.ToArray(), TargetVocabulary.Tokens.ToArray(), Columns.Source, Columns.Target,
        Beam, LengthNormalization));

    /// <summary>Reads <see cref="ToJson"/>'s output; a malformed configuration is an InvalidDataException.</summary>
    public static TranslationConfig FromJson(string json)
    {
        Dto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<Dto>(json, ConfigChecks.StrictJson);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"invalid translation configuration: {e.Message}");
        }
        if (dto?.Source == null || dto.Target == null || dto.Cell == null || dto.Attention == null || dto.Prefixes == null
            || dto.Embed <= 0 || dto.Hidden <= 0 || dto.MaxLength <= 0)
            throw new InvalidDataException("invalid translation configuration: missing or non-positive fields.");
        if (dto.SourceColumn is < 0 || dto.TargetColumn is < 0 || (dto.SourceColumn ?? 0) == (dto.TargetColumn ?? 1))
            throw new InvalidDataException(
                $"invalid translation configuration: source_column {dto.SourceColumn} and target_column {dto.TargetColumn} must be two different non-negative columns.");
        if (dto.Beam is < 1 || dto.LengthNorm is { } alpha && !(alpha >= 0 && double.IsFinite(alpha)))
            throw new InvalidDataException(
                $"invalid translation configuration: beam {dto.Beam} must be at least 1 and length_norm {dto.LengthNorm} a finite number >= 0.");
        try
        {
            var target = new Vocabulary(dto.Target);
            if (!target.Contains(BosToken) || !target.Contains(EosToken))
                throw new InvalidDataException("invalid translation configuration: the target vocabulary lacks <bos>/<eos>.");
            return new TranslationConfig(CellType.Parse(dto.Cell), dto.Embed, dto.Hidden, dto.Bidirectional, AttentionKinds.Parse(dto.Attention),
                new PairFilter(dto.MaxLength, dto.Prefixes), new Vocabulary(dto.Source), target)
            {
                Columns = (dto.SourceColumn ?? 0, dto.TargetColumn ?? 1),
                Beam = dto.Beam ?? 5,
                LengthNormalization = dto.LengthNorm ?? 1.0,
            };
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"invalid translation configuration: {e.Message}");
        }
    }

    private sealed record Dto(
        [property: JsonPropertyName("cell")] string Cell,
        [property: JsonPropertyName("embed")] int Embed,
        [property: JsonPropertyName("hidden")] int Hidden,
        [property: JsonPropertyName("bidirectional")] bool Bidirectional,
        [property: JsonPropertyName("attention")] string Attention,
        [property: JsonPropertyName("max_length")] int MaxLength,
        [property: JsonPropertyName("prefixes")] string[] Prefixes,
        [property: JsonPropertyName("source_vocabulary")] string[] Source,
        [property: JsonPropertyName("target_vocabulary")] string[] Target,
        [property: JsonPropertyName("source_column")] int? SourceColumn = null,
        [property: JsonPropertyName("target_column")] int? TargetColumn = null,
        [property: JsonPropertyName("beam")] int? Beam = null,
        [property: JsonPropertyName("length_norm")] double? LengthNorm = null);
}
