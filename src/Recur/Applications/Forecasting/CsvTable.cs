// CsvTable: a small RFC 4180 reader for the series files of the forecasting application: a header row,
// comma-separated fields (tab or semicolon when the header has no comma), double-quoted fields with ""
// escapes and embedded newlines, CRLF or LF line ends, an optional BOM and no trailing newline. Every row
// remembers the line it started on, so errors can name the line and the column.
using System.Text;
using Recur.IO;

namespace Recur.Applications.Forecasting;

/// <summary>A CSV file read into memory: column names and rows of fields, each row with its 1-based line number.</summary>
public sealed class CsvTable
{
    private CsvTable(string source, IReadOnlyList<string> columns, IReadOnlyList<string[]> rows, IReadOnlyList<int> lines)
    {
        Source = source;
        Columns = columns;
        Rows = rows;
        Lines = lines;
    }

    /// <summary>Where the text came from (a path), for error messages.</summary>
    public string Source { get; }

    /// <summary>Column names from the header row.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Data rows; each has exactly <see cref="Columns"/>.Count fields.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>The 1-based line of the file on which each row starts.</summary>
    public IReadOnlyList<int> Lines { get; }

    /// <summary>Reads a CSV file; a missing file is a <see cref="FileNotFoundException"/>, bad structure an <see cref="InvalidDataException"/>.</summary>
    public static CsvTable Load(string path)
    {
        return Parse(Utf8Text.Read(path), path);
    }

    /// <summary>Parses CSV text whose first row is the header; <paramref name="source"/> names it in errors.</summary>
    public static CsvTable Parse(string text, string source = "<text>")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        char delimiter = DetectDelimiter(text);
        var records = new List<(string[] Fields, int Line)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, i = 0;
        bool quoted = false, fieldWasQuoted = false, any = false;
        while (i < text.Length)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    continue;
                }
                if (c == '\n') line++;
                field.Append(c);
                i++;
                continue;
            }
            if (c == '"')
            {
                if (field.Length > 0 || fieldWasQuoted)
                    throw new InvalidDataException($"{source}, line {line}, column {fields.Count + 1}: a quote inside an unquoted field; quote the whole field and double inner quotes (\"\").");
                quoted = fieldWasQuoted = any = true;
                i++;
                continue;
            }
            if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldWasQuoted = false;
                any = true;
                i++;
                continue;
            }
            if (c == '\r' || c == '\n')
            {
                if (any || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    records.Add((fields.ToArray(), recordLine));
                }
                fields.Clear();
                field.Clear();
                fieldWasQuoted = any = false;
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                recordLine = line;
                continue;
            }
            if (fieldWasQuoted)
                throw new InvalidDataException($"{source}, line {line}, column {fields.Count + 1}: text after a closing quote; quote the whole field.");
            field.Append(c);
            any = true;
            i++;
        }
        if (quoted)
            throw new InvalidDataException($"{source}, line {recordLine}: a quoted field is never closed (missing '\"').");
        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            records.Add((fields.ToArray(), recordLine));
        }
        if (records.Count == 0)
            throw new InvalidDataException($"{source} is empty: a CSV file with a header row is expected.");
        var columns = records[0].Fields.Select(f => f.Trim()).ToArray();
        var rows = new List<string[]>(records.Count - 1);
        var lines = new List<int>(records.Count - 1);
        for (int r = 1; r < records.Count; r++)
        {
            var (row, at) = records[r];
            if (row.Length != columns.Length)
                throw new InvalidDataException(
                    $"{source}, line {at}: {row.Length} fields, but the header has {columns.Length} ({string.Join(", ", columns)}).");
            rows.Add(row);
            lines.Add(at);
        }
        return new CsvTable(source, columns, rows, lines);
    }

    /// <summary>
    /// The index of column <paramref name="name"/> (exact match first, then case-insensitive); a missing
    /// column is an <see cref="ArgumentException"/> that lists the columns the file has.
    /// </summary>
    public int ColumnIndex(string name, string option)
    {
        ArgumentNullException.ThrowIfNull(name);
        int exact = -1;
        for (int c = 0; c < Columns.Count; c++)
        {
            if (Columns[c] != name) continue;
            if (exact >= 0) throw new ArgumentException($"{option} '{name}' names more than one column of {Source} ({Quoted(Columns)}); rename one of them.");
            exact = c;
        }
        if (exact >= 0) return exact;
        int found = -1;
        for (int c = 0; c < Columns.Count; c++)
        {
            if (!string.Equals(Columns[c], name, StringComparison.OrdinalIgnoreCase)) continue;
            if (found >= 0) throw new ArgumentException($"{option} '{name}' matches several columns of {Source} that differ only in case: {Quoted(Columns)}.");
            found = c;
        }
        if (found >= 0) return found;
        throw new ArgumentException($"{Source} has no column '{name}' ({option}); its columns are {Quoted(Columns)}.");
    }

    /// <summary>The column names as a quoted, comma-separated list.</summary>
    public static string Quoted(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"'{c}'"));

    private static char DetectDelimiter(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        if (header.Contains(',')) return ',';
        if (header.Contains('\t')) return '\t';
        if (header.Contains(';')) return ';';
        return ',';
    }
}
