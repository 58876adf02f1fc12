// LabeledTextFile: reads (text, label) rows from a delimited file. Tab-separated files have no quoting
// (a row with more fields than the first row joins its extra fields back into the last column, so a
// message containing a tab survives); comma (or other) separated files follow RFC 4180 quoting ("a ""b""",
// newlines inside quotes). The delimiter comes from the extension (.tsv tab, .csv comma), else from the
// first line (tab if it has one, else comma), unless given. Columns are 0-based indices (the file has no
// header line) or header names (the first line is the header). The bytes must be UTF-8; empty texts and
// labels are errors naming the line.
using System.Globalization;
using System.Text;
using Recur.IO;

namespace Recur.Applications.Classification;

/// <summary>Reads labelled texts from TSV/CSV files.</summary>
public static class LabeledTextFile
{

    /// <summary>
    /// Reads all rows of <paramref name="path"/>: texts and labels in file order. With <paramref name="asTrained"/>
    /// (recur eval: the columns come from a model, not from options) the errors describe the model's layout
    /// instead of suggesting options.
    /// </summary>
    public static (string[] Texts, string[] Labels) Read(string path, ColumnSpec columns, bool asTrained = false)
    {
        ArgumentNullException.ThrowIfNull(columns);
        string content = ReadUtf8(path);
        char delimiter = columns.Delimiter ?? DetectDelimiter(path, content);
        var rows = delimiter == '\t' ? SplitTsv(content) : SplitQuoted(content, delimiter, path);
        if (rows.Count == 0) throw new InvalidDataException($"{path} is empty: it has no rows.");

        int first = 0;
        int textIndex, labelIndex;
        if (columns.HasHeader)
        {
            var header = rows[0].Fields;
            textIndex = Resolve(columns.TextColumn, header, "--text-column", path, asTrained);
            labelIndex = Resolve(columns.LabelColumn, header, "--label-column", path, asTrained);
            first = 1;
        }
        else
        {
            textIndex = int.Parse(columns.TextColumn, CultureInfo.InvariantCulture);
            labelIndex = int.Parse(columns.LabelColumn, CultureInfo.InvariantCulture);
        }
        if (textIndex == labelIndex)
            throw new ArgumentException($"--text-column and --label-column name the same column ({textIndex}).");

        int width = rows[0].Fields.Count;   // the header's, or the first row's when there is none
        var texts = new List<string>(rows.Count);
        var labels = new List<string>(rows.Count);
        for (int r = first; r < rows.Count; r++)
        {
            var (line, fields) = rows[r];
            if (delimiter == '\t' && fields.Count > width)
                fields = [.. fields.Take(width - 1), string.Join('\t', fields.Skip(width - 1))];
            int need = Math.Max(textIndex, labelIndex);
            if (fields.Count <= need)
                throw new InvalidDataException(
                    $"{path}, line {line}: {fields.Count} field(s) with delimiter {Describe(delimiter)}, but column {need} is needed. " +
                    (asTrained ? "The model reads the columns it was trained on; give a file laid out like its training data." : "Check --delimiter and the column options."));
            string text = fields[textIndex], label = fields[labelIndex].Trim();
            if (text.Trim().Length == 0) throw new InvalidDataException($"{path}, line {line}: the text is empty. Remove the row or fill in its text.");
            if (label.Length == 0) throw new InvalidDataException($"{path}, line {line}: the label is empty. Every row needs a label.");
            texts.Add(text);
            labels.Add(label);
        }
        if (texts.Count == 0) throw new InvalidDataException($"{path} has a header but no data rows.");
        if (!columns.HasHeader) CheckNotAHeader(path, rows[0].Line, texts[0], labels, asTrained, textIndex, labelIndex);
        return (texts.ToArray(), labels.ToArray());
    }

    // Label-column names a header row typically has: with column indices (no header), such a first row would
    // become a training sample of a one-sample class named after its column (Kaggle's spam.csv: v1,v2).
    private static readonly HashSet<string> LabelHeaders = new(StringComparer.OrdinalIgnoreCase)
        { "label", "labels", "class", "category", "target", "sentiment", "polarity", "y", "v1", "tag" };

    /// <summary>Refuses a first row that reads as a header (a column name as label, found on no other row).</summary>
    private static void CheckNotAHeader(string path, int line, string text, List<string> labels, bool asTrained, int textIndex, int labelIndex)
    {
        string label = labels[0];
        if (!LabelHeaders.Contains(label) || labels.Skip(1).Contains(label, StringComparer.Ordinal)) return;
        throw new InvalidDataException(
            $"{path}, line {line} looks like a header (label '{label}', text '{Clip(text.Trim())}'), and no other row has that label; " +
            (asTrained
                ? $"the model reads columns by index (label {labelIndex}, text {textIndex}) from files without a header line, as it was trained; remove the header line."
                : $"give the columns by name (--label-column {label} --text-column {Clip(text.Trim())}) so that the line is read as the header, or remove it."));
    }

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "..." : s;

    /// <summary>The file as strict UTF-8 (a leading byte-order mark is dropped); invalid bytes are an error.</summary>
    public static string ReadUtf8(string path) => Utf8Text.Read(path);

    private static char DetectDelimiter(string path, string content)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".tsv" || ext == ".tab") return '\t';
        if (ext == ".csv") return ',';
        int end = content.IndexOf('\n');
        return (end < 0 ? content : content[..end]).Contains('\t') ? '\t' : ',';
    }

    private static int Resolve(string column, List<string> header, string option, string path, bool asTrained)
    {
        // recur eval has no column options: its errors name the model's column instead.
        string what = asTrained ? $"the model's {option[2..].Replace('-', ' ')}" : option;
        if (ColumnSpec.IsIndex(column))
        {
            int i = int.Parse(column, CultureInfo.InvariantCulture);
            if (i >= header.Count)
                throw new ArgumentException($"{what} {i}: {path} has only {header.Count} column(s): {List(header)}.");
            return i;
        }
        int found = header.FindIndex(h => string.Equals(h.Trim(), column, StringComparison.Ordinal));
        if (found >= 0 && header.FindLastIndex(h => string.Equals(h.Trim(), column, StringComparison.Ordinal)) != found)
            throw new ArgumentException($"{what} '{column}': {path} has more than one column of that name ({List(header)}); " +
                (asTrained ? "rename one." : "rename one, or give a 0-based index."));
        if (found < 0) found = header.FindIndex(h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
        if (found < 0)
            throw new ArgumentException(
                $"{what} '{column}': {path} has no such column; its first line has {List(header)}. " +
                (asTrained
                    ? "The model reads its columns by name from a header line, as it was trained; give a file with that header."
                    : "If the file has no header line, give 0-based column indices (e.g. --label-column 0 --text-column 1)."));
        return found;
    }

    private static string List(List<string> header) =>
        string.Join(", ", header.Select((h, i) => $"{i}: '{(h.Length > 40 ? h[..40] + "..." : h)}'"));

    private static string Describe(char d) => d switch { '\t' => "tab", ',' => "comma", _ => $"'{d}'" };

    private static List<(int Line, List<string> Fields)> SplitTsv(string content)
    {
        var rows = new List<(int, List<string>)>();
        int line = 0;
        foreach (var s in Recur.IO.Utf8Text.Lines(content)) // \n, \r\n or a lone \r (old Mac exports)
        {
            line++;
            if (s.Length == 0) continue;
            rows.Add((line, [.. s.Split('\t')]));
        }
        return rows;
    }

    private static List<(int Line, List<string> Fields)> SplitQuoted(string content, char delimiter, string path)
    {
        var rows = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false, closed = false; // closed: the field's closing quote was just read
        int line = 1, rowLine = 1;
        for (int i = 0; i < content.Length; i++)
        {
            char c = content[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < content.Length && content[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else quoted = false;
                    closed = !quoted;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            if (c == '"' && field.Length == 0 && !closed)
            {
                quoted = any = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                any = true;
                closed = false;
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < content.Length && content[i + 1] == '\n') i++;
                EndRow();
                line++;
                rowLine = line;
                closed = false;
            }
            else if (closed)
            {
                throw new InvalidDataException($"{path}, line {line}, column {fields.Count + 1}: text after a closing quote; quote the whole field.");
            }
            else
            {
                field.Append(c);
                any = true;
            }
        }
        if (quoted) throw new InvalidDataException($"{path}, line {rowLine}: a quoted field is never closed.");
        EndRow();
        return rows;

        void EndRow()
        {
            if (any || field.Length > 0)
            {
                fields.Add(field.ToString());
                rows.Add((rowLine, fields));
                fields = [];
            }
            field.Clear();
            any = false;
        }
    }
}
