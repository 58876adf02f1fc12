// LanguageModelConfig: everything besides the weights that rebuilds a language model: the token unit,
// the architecture and the vocabulary. Stored as JSON in the model file (Applications/TaskModelFile).
using System.Text.Json;
using System.Text.Json.Serialization;
using Recur.Kernels;
using Recur.Text;

namespace Recur.Applications.LanguageModeling;

/// <summary>The architecture and vocabulary of a <see cref="LanguageModel"/>.</summary>
/// <param name="Tokens">Characters or words.</param>
/// <param name="Cell">The recurrent cell.</param>
/// <param name="Embed">E: embedding size.</param>
/// <param name="Hidden">H: hidden size of every recurrent layer.</param>
/// <param name="Layers">L: stacked recurrent layers.</param>
/// <param name="Dropout">Dropout between recurrent layers and before the output layer (training only).</param>
/// <param name="Vocabulary">The token to index map (V tokens).</param>
public sealed record LanguageModelConfig(TokenUnit Tokens, CellKind Cell, int Embed, int Hidden, int Layers, float Dropout, Vocabulary Vocabulary)
{
    /// <summary>The task name written into model files.</summary>
    public const string TaskName = "charlm";

    /// <summary>The configuration as JSON (see <see cref="FromJson"/>).</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dto(Tokens.Name(), CellType.Name(Cell), Embed, Hidden, Layers, Dropout, Vocabulary.Tokens.ToArray()));

    /// <summary>Reads <see cref="ToJson"/>'s output; a malformed configuration is an InvalidDataException.</summary>
    public static LanguageModelConfig FromJson(string json)
    {
        Dto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<Dto>(json, ConfigChecks.StrictJson);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"invalid language-model configuration: {e.Message}");
        }
        if (dto?.Vocabulary == null || dto.Tokens == null || dto.Cell == null || dto.Vocabulary.Length == 0 || dto.Embed <= 0 || dto.Hidden <= 0 || dto.Layers <= 0)
            throw new InvalidDataException("invalid language-model configuration: missing or non-positive fields.");
        try
        {
            return new LanguageModelConfig(TokenUnits.Parse(dto.Tokens), CellType.Parse(dto.Cell), dto.Embed, dto.Hidden, dto.Layers, dto.Dropout,
                new Vocabulary(dto.Vocabulary));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"invalid language-model configuration: {e.Message}");
        }
    }

    private sealed record Dto(
        [property: JsonPropertyName("tokens")] string Tokens,
        [property: JsonPropertyName("cell")] string Cell,
        [property: JsonPropertyName("embed")] int Embed,
        [property: JsonPropertyName("hidden")] int Hidden,
        [property: JsonPropertyName("layers")] int Layers,
        [property: JsonPropertyName("dropout")] float Dropout,
        [property: JsonPropertyName("vocabulary")] string[] Vocabulary);
}
