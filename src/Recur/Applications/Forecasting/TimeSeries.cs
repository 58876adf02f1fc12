// TimeSeries: one numeric column of a CSV file, in file order, with the dates of an optional date column
// and their cadence. Errors name the file, line and column: a missing column lists the columns the file
// has, a non-numeric or empty value gives its line, dates must parse and increase.
using System.Globalization;

namespace Recur.Applications.Forecasting;

/// <summary>A univariate series read from a CSV column.</summary>
/// <param name="Source">The file it came from.</param>
/// <param name="Column">The value column's name.</param>
/// <param name="Values">The values in file order, [N].</param>
/// <param name="DateColumn">The date column's name, or null when the series has no dates.</param>
/// <param name="Dates">The dates, [N], or null.</param>
/// <param name="Cadence">The spacing of the dates, or null.</param>
public sealed record TimeSeries(string Source, string Column, double[] Values, string? DateColumn, DateTime[]? Dates, Cadence? Cadence)
{
    /// <summary>N, the number of values.</summary>
    public int Count => Values.Length;

    /// <summary>Reads column <paramref name="column"/> of a CSV file; see <see cref="FromTable"/>.</summary>
    public static TimeSeries Load(string path, string? column, string? dateColumn = null) =>
        FromTable(CsvTable.Load(path), column, dateColumn);

    /// <summary>
    /// As <see cref="Load(string, string?, string?)"/> for the columns a trained model names (errors say
    /// "the model's column" instead of an option the caller may not have).
    /// </summary>
    internal static TimeSeries LoadForModel(string path, string column, string dateColumn) =>
        Take(CsvTable.Load(path), column, dateColumn, "the model's column", "the model's date column");

    /// <summary>
    /// Takes the series out of a table. <paramref name="column"/> null: the only column that is not the date
    /// column. <paramref name="dateColumn"/> null: the first other column whose first value is a date (see
    /// <see cref="Cadence.Formats"/>), if any; "none": no dates.
    /// </summary>
    public static TimeSeries FromTable(CsvTable table, string? column, string? dateColumn = null) =>
        Take(table, column, dateColumn, "--column", "--date-column");

    private static TimeSeries Take(CsvTable table, string? column, string? dateColumn, string columnLabel, string dateLabel)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Rows.Count == 0) throw new InvalidDataException($"{table.Source} has a header but no data rows.");
        bool noDates = string.Equals(dateColumn, "none", StringComparison.OrdinalIgnoreCase);
        int dateIndex = dateColumn != null && !noDates ? table.ColumnIndex(dateColumn, dateLabel) : -1;
        int valueIndex;
        if (column != null)
        {
            valueIndex = table.ColumnIndex(column, columnLabel);
        }
        else
        {
            if (dateIndex < 0 && !noDates) dateIndex = FindDateColumn(table, -1);
            var others = Enumerable.Range(0, table.Columns.Count).Where(c => c != dateIndex).ToList();
            if (others.Count != 1)
                throw new ArgumentException($"{table.Source} has several columns ({CsvTable.Quoted(table.Columns)}); name the one to forecast with --column.");
            valueIndex = others[0];
        }
        if (dateIndex == valueIndex)
            throw new ArgumentException($"--date-column and --column both name '{table.Columns[valueIndex]}'; the dates and the values must be different columns.");
        if (dateIndex < 0 && dateColumn == null) dateIndex = FindDateColumn(table, valueIndex);

        var values = new double[table.Rows.Count];
        string name = table.Columns[valueIndex];
        for (int r = 0; r < values.Length; r++)
        {
            string text = table.Rows[r][valueIndex].Trim();
            string where = $"{table.Source}, line {table.Lines[r]}, column {valueIndex + 1} ('{name}')";
            if (text.Length == 0)
                throw new InvalidDataException($"{where}: the value is empty; fill it in or remove the row (missing values are not imputed).");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new InvalidDataException($"{where}: '{text}' is not a number (expected e.g. 112 or 20.7, '.' as the decimal point).");
            values[r] = v;
        }
        if (dateIndex < 0) return new TimeSeries(table.Source, name, values, null, null, null);

        var dates = new DateTime[values.Length];
        string dateName = table.Columns[dateIndex];
        string? format = null;
        for (int r = 0; r < dates.Length; r++)
        {
            string text = table.Rows[r][dateIndex].Trim();
            string where = $"{table.Source}, line {table.Lines[r]}, column {dateIndex + 1} ('{dateName}')";
            DateTime d = default;
            bool ok;
            if (format != null)
            {
                ok = DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out d);
            }
            else
            {
                var parsed = Cadence.TryParse(text);
                ok = parsed != null;
                if (parsed is { } p) (d, format) = p;
            }
            if (!ok)
                throw new InvalidDataException(format == null
                    ? $"{where}: '{text}' is not a date; accepted formats are {string.Join(", ", Cadence.Formats)} (or pass --date-column none)."
                    : $"{where}: '{text}' is not a date in the format {format} of the rows above.");
            if (r > 0 && d <= dates[r - 1])
                throw new InvalidDataException($"{where}: {text} does not come after the previous row's date; sort the file by date (oldest first) and remove duplicates.");
            dates[r] = d;
        }
        var cadence = dates.Length >= 2 ? Cadence.Detect(dates, format!) : null;
        return new TimeSeries(table.Source, name, values, dateName, dates, cadence);
    }

    private static int FindDateColumn(CsvTable table, int valueIndex)
    {
        for (int c = 0; c < table.Columns.Count; c++)
            if (c != valueIndex && Cadence.TryParse(table.Rows[0][c]) != null) return c;
        return -1;
    }
}
