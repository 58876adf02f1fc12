// ConfigChecks: checks of the string lists in a saved application configuration (vocabularies, labels,
// tags), which JSON can hold as nulls or repeats after a hand edit or damage. Each failure is an
// InvalidDataException that names the file and the field, raised when the model is loaded rather than
// as a NullReferenceException or a duplicate-key error at its first use.
namespace Recur.Applications;

internal static class ConfigChecks
{
    /// <summary>
    /// Options for reading a configuration: a null where the type says a value ("tags": null) is a JsonException
    /// there, not a NullReferenceException at first use.
    /// </summary>
    public static readonly System.Text.Json.JsonSerializerOptions StrictJson = new() { RespectNullableAnnotations = true };

    /// <summary>Throws unless <paramref name="values"/> holds no null and no value twice.</summary>
    /// <param name="values">The list as read.</param>
    /// <param name="field">Its JSON name, for the message.</param>
    /// <param name="what">The kind of configuration ("classifier"), for the message.</param>
    /// <param name="source">The file it came from, for the message.</param>
    public static void DistinctStrings(string[] values, string field, string what, string source)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
                throw new InvalidDataException($"{source}: the {what} configuration's \"{field}\" has a null at position {i}; the file is damaged or was edited by hand.");
            if (!seen.Add(values[i]))
                throw new InvalidDataException($"{source}: the {what} configuration's \"{field}\" lists '{values[i]}' twice; the file is damaged or was edited by hand.");
        }
    }
}
