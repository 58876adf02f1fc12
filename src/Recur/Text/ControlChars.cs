// ControlChars: file-controlled text made safe to print in a report: control characters escaped (\n, \r and
// \t as such, others as \uXXXX), so that a file cannot forge report lines or send terminal escapes.
using System.Globalization;
using System.Text;

namespace Recur.Text;

internal static class ControlChars
{
    /// <summary>The text with every control character escaped, except line feeds when <paramref name="keepNewLines"/>.</summary>
    internal static string Escape(string text, bool keepNewLines = false)
    {
        if (!text.Any(c => char.IsControl(c) && !(keepNewLines && c == '\n'))) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (!char.IsControl(c) || (keepNewLines && c == '\n')) sb.Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
        }
        return sb.ToString();
    }
}
