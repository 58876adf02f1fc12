// ColumnSpec: where a labelled data file keeps its text and label (header names or 0-based indices) and
// which character separates fields (see LabeledTextFile).
using System.Globalization;

namespace Recur.Applications.Classification;

/// <summary>Which columns hold the text and the label, and how fields are separated.</summary>
/// <param name="TextColumn">A header name, or a 0-based index (then the file has no header).</param>
/// <param name="LabelColumn">A header name, or a 0-based index.</param>
/// <param name="Delimiter">The field separator, or null to detect it from the extension and first line.</param>
public sealed record ColumnSpec(string TextColumn = "text", string LabelColumn = "label", char? Delimiter = null)
{
    /// <summary>True when a column is named rather than numbered, so the first line is a header.</summary>
    public bool HasHeader => !IsIndex(TextColumn) || !IsIndex(LabelColumn);

    internal static bool IsIndex(string column) => int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>Parses a --delimiter value: "tab" or "\t", "comma", or one character.</summary>
    public static char ParseDelimiter(string value) => value switch
    {
        "tab" or "\\t" or "\t" => '\t',
        "comma" => ',',
        "semicolon" => ';',
        _ when value.Length == 1 && value[0] is not ('"' or '\n' or '\r') => value[0],
        _ => throw new ArgumentException($"--delimiter '{value}' is not one character; use tab, comma, semicolon or a single character such as '|'."),
    };
}
