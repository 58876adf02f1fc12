// Cadence: the spacing of a dated series, read from its dates: a whole number of calendar months
// (monthly, quarterly, yearly) or a fixed time step (daily, weekly, hourly, ...), taken as the most common
// gap so that a few missing rows (e.g. 31 December of leap years) do not change it. Month-end dates
// (31 Jan, 28 Feb, 31 Mar, ...) are whole months apart and their forecasts stay at month ends. It continues the
// dates of a forecast and gives the default seasonal period (12 monthly, 4 quarterly, 365 daily, 52
// weekly, 24 hourly).
using System.Globalization;

namespace Recur.Applications.Forecasting;

/// <summary>The step between consecutive dates of a series: <see cref="Months"/> calendar months, or <see cref="Step"/> when Months is 0.</summary>
/// <param name="Months">Calendar months per step (0 when the step is a fixed time span).</param>
/// <param name="Step">The fixed time step (ignored when <paramref name="Months"/> &gt; 0).</param>
/// <param name="Format">The date format of the file (e.g. "yyyy-MM"), used to write forecast dates.</param>
/// <param name="MonthEnd">Whether every date is the last day of its month (forecast dates are then month ends too).</param>
public sealed record Cadence(int Months, TimeSpan Step, string Format, bool MonthEnd = false)
{
    /// <summary>Date formats accepted in a date column, tried in this order (invariant culture).</summary>
    public static IReadOnlyList<string> Formats { get; } =
    [
        "yyyy-MM-dd", "yyyy-MM", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm",
        "yyyy/MM/dd", "yyyy/MM", "yyyy",
    ];

    /// <summary>A word for the cadence: monthly, quarterly, yearly, daily, weekly, hourly, or "every N months / hh:mm:ss".</summary>
    public string Name => Months switch
    {
        1 => "monthly",
        3 => "quarterly",
        12 => "yearly",
        > 0 => $"every {Months} months",
        _ when Step == TimeSpan.FromDays(1) => "daily",
        _ when Step == TimeSpan.FromDays(7) => "weekly",
        _ when Step == TimeSpan.FromHours(1) => "hourly",
        _ => $"every {Step}",
    };

    /// <summary>The usual seasonal period of this cadence (12 monthly, 4 quarterly, 365 daily, 52 weekly, 24 hourly), or null.</summary>
    public int? DefaultSeasonalPeriod => Months switch
    {
        1 => 12,
        3 => 4,
        > 0 => null,
        _ when Step == TimeSpan.FromDays(1) => 365,
        _ when Step == TimeSpan.FromDays(7) => 52,
        _ when Step == TimeSpan.FromHours(1) => 24,
        _ => null,
    };

    /// <summary>The date <paramref name="steps"/> steps after <paramref name="last"/>.</summary>
    public DateTime After(DateTime last, int steps)
    {
        try
        {
            if (Months == 0) return last + Step * steps;
            var date = last.AddMonths(checked(Months * steps));
            return MonthEnd ? date.AddDays(DateTime.DaysInMonth(date.Year, date.Month) - date.Day) : date;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException($"{steps} steps after {last:yyyy-MM-dd} fall past the last date a calendar date can hold (9999-12-31); forecast fewer steps.", e);
        }
    }

    /// <summary>Writes a date in the file's format.</summary>
    public string FormatDate(DateTime date) => date.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>
    /// The cadence of increasing <paramref name="dates"/> (at least 2): whole months when every gap is a
    /// whole number of months (month-end dates count: 28 Feb is one month after 31 Jan and 31 Mar one after
    /// 28 Feb), else the most common gap.
    /// </summary>
    public static Cadence Detect(IReadOnlyList<DateTime> dates, string format)
    {
        ArgumentNullException.ThrowIfNull(dates);
        if (dates.Count < 2) throw new ArgumentException("At least two dates are needed to tell the cadence of a series.");
        var monthGaps = new List<int>(dates.Count - 1);
        bool monthEnd = dates.All(d => d.TimeOfDay == TimeSpan.Zero && d.Day == DateTime.DaysInMonth(d.Year, d.Month))
            && dates.Any(d => d.Day < 31); // all month ends, and not merely the 31st of long months
        for (int i = 1; i < dates.Count && monthGaps.Count == i - 1; i++)
        {
            var (a, b) = (dates[i - 1], dates[i]);
            int months = (b.Year - a.Year) * 12 + b.Month - a.Month;
            if (months > 0 && (a.AddMonths(months) == b || monthEnd)) monthGaps.Add(months);
        }
        if (monthGaps.Count == dates.Count - 1)
            return new Cadence(MostCommon(monthGaps), TimeSpan.Zero, format, monthEnd);
        var gaps = new List<long>(dates.Count - 1);
        for (int i = 1; i < dates.Count; i++) gaps.Add((dates[i] - dates[i - 1]).Ticks);
        return new Cadence(0, TimeSpan.FromTicks(MostCommon(gaps)), format);
    }

    /// <summary>Parses one date in any of <see cref="Formats"/>; returns the format that matched, or null.</summary>
    public static (DateTime Date, string Format)? TryParse(string text)
    {
        foreach (var f in Formats)
            if (DateTime.TryParseExact(text.Trim(), f, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return (d, f);
        return null;
    }

    private static T MostCommon<T>(List<T> values) where T : notnull =>
        values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
}
