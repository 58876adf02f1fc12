// ForecastCsv: the CSV that `recur forecast` writes: a header with the date column (or "step" for a
// series without dates) and the value column, then one row per forecast step. Dates continue the
// series' cadence (next month, next day, ...) in the file's own date format.
using System.Globalization;
using System.Text;
using Recur.IO;

namespace Recur.Applications.Forecasting;

/// <summary>Formats and writes forecasts as CSV.</summary>
public static class ForecastCsv
{
    /// <summary>The CSV text of <paramref name="forecast"/> [S], the S values after the end of <paramref name="series"/>.</summary>
    public static string Format(TimeSeries series, IReadOnlyList<double> forecast)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(forecast);
        var sb = new StringBuilder();
        bool dated = series.Dates is { Length: > 0 } && series.Cadence != null;
        sb.Append(Field(dated ? series.DateColumn! : "step")).Append(',').Append(Field(series.Column)).Append('\n');
        for (int i = 0; i < forecast.Count; i++)
        {
            string key = dated
                ? series.Cadence!.FormatDate(series.Cadence.After(series.Dates![^1], i + 1))
                : (series.Count + i + 1).ToString(CultureInfo.InvariantCulture);
            sb.Append(Field(key)).Append(',').Append(forecast[i].ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes <see cref="Format"/>'s text to <paramref name="path"/> atomically (no partial file on failure).</summary>
    public static void Write(string path, TimeSeries series, IReadOnlyList<double> forecast)
    {
        var bytes = Encoding.UTF8.GetBytes(Format(series, forecast));
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
