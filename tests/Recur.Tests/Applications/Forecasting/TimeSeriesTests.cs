using Recur.Applications.Forecasting;

namespace Recur.Tests.Applications.Forecasting;

public class TimeSeriesTests
{
    private static TimeSeries Read(string csv, string? column = null, string? date = null) =>
        TimeSeries.FromTable(CsvTable.Parse(csv, "s.csv"), column, date);

    [Fact]
    public void FindsTheDateColumnAndAMonthlyCadence()
    {
        var s = Read("\"Month\",\"Passengers\"\r\n\"1949-01\",112\r\n\"1949-02\",118\r\n\"1949-03\",132", "Passengers");
        Assert.Equal([112.0, 118, 132], s.Values);
        Assert.Equal("Month", s.DateColumn);
        Assert.Equal(1, s.Cadence!.Months);
        Assert.Equal(12, s.Cadence.DefaultSeasonalPeriod);
        Assert.Equal("1949-04", s.Cadence.FormatDate(s.Cadence.After(s.Dates![^1], 1)));
    }

    [Fact]
    public void MonthEndDatesAreMonthlyAndTheirForecastsStayAtMonthEnds()
    {
        // 28 Feb -> 31 Mar is one month although AddMonths(1) gives 28 Mar; read as "every 31 days" before.
        var monthly = Read("Date,Value\n1999-10-31,1\n1999-11-30,2\n1999-12-31,3\n2000-01-31,4\n2000-02-29,5\n2000-03-31,6\n");
        Assert.Equal("monthly", monthly.Cadence!.Name);
        Assert.Equal(12, monthly.Cadence.DefaultSeasonalPeriod);
        Assert.Equal(["2000-04-30", "2000-05-31", "2001-02-28"],
            new[] { 1, 2, 11 }.Select(k => monthly.Cadence.FormatDate(monthly.Cadence.After(monthly.Dates![^1], k))));

        var quarterly = Read("Date,Value\n1999-09-30,1\n1999-12-31,2\n2000-03-31,3\n2000-06-30,4\n");
        Assert.Equal("quarterly", quarterly.Cadence!.Name);
        Assert.Equal("2000-09-30", quarterly.Cadence.FormatDate(quarterly.Cadence.After(quarterly.Dates![^1], 1)));

        // Mid-month dates keep their day, as before.
        var mid = Read("Date,Value\n2000-01-15,1\n2000-02-15,2\n2000-03-15,3\n");
        Assert.Equal("2000-04-15", mid.Cadence!.FormatDate(mid.Cadence.After(mid.Dates![^1], 1)));
    }

    [Fact]
    public void DatesPastTheCalendarsEndAreAClearError()
    {
        var s = Read("Month,Passengers\n9999-10,1\n9999-11,2\n9999-12,3", "Passengers");
        var e = Assert.Throws<ArgumentException>(() => s.Cadence!.After(s.Dates![^1], 1));
        Assert.Contains("1 steps after 9999-12-01 fall past the last date a calendar date can hold", e.Message);
        Assert.Throws<ArgumentException>(() => s.Cadence!.After(s.Dates![^1], int.MaxValue));
    }

    [Fact]
    public void ADailySeriesWithAMissingDayIsStillDaily()
    {
        var s = Read("Date,Temp\n1984-12-29,1\n1984-12-30,2\n1985-01-01,3\n1985-01-02,4\n1985-01-03,5\n");
        Assert.Equal("Temp", s.Column);
        Assert.Equal("daily", s.Cadence!.Name);
        Assert.Equal(365, s.Cadence.DefaultSeasonalPeriod);
    }

    [Fact]
    public void ANonNumericValueNamesLineAndColumn()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("Date,Temp\n1981-01-01,20.7\n1981-01-02,?0.2\n", "Temp"));
        Assert.Contains("line 3, column 2 ('Temp')", e.Message);
        Assert.Contains("'?0.2' is not a number", e.Message);
    }

    [Fact]
    public void AnEmptyValueIsAnError()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("Date,Temp\n1981-01-01,20.7\n1981-01-02,\n", "Temp"));
        Assert.Contains("line 3, column 2", e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void DatesMustIncrease()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("Date,Temp\n1981-01-02,1\n1981-01-01,2\n", "Temp"));
        Assert.Contains("line 3, column 1 ('Date')", e.Message);
        Assert.Contains("sort the file", e.Message);
    }

    [Fact]
    public void SeveralValueColumnsNeedColumn()
    {
        var e = Assert.Throws<ArgumentException>(() => Read("a,b\n1,2\n"));
        Assert.Contains("--column", e.Message);
        var s = Read("a,b\n1,2\n3,4\n", "b");
        Assert.Null(s.Dates);
        Assert.Equal([2.0, 4], s.Values);
    }
}
