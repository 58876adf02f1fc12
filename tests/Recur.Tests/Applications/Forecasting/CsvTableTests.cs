using Recur.Applications.Forecasting;

namespace Recur.Tests.Applications.Forecasting;

public class CsvTableTests
{
    [Fact]
    public void ReadsQuotedFieldsCrlfAndNoTrailingNewline()
    {
        var t = CsvTable.Parse("\"Month\",\"Note\",Value\r\n\"1949-01\",\"a, \"\"quoted\"\" note\",112\r\n1949-02,\"two\nlines\",118", "x.csv");
        Assert.Equal(["Month", "Note", "Value"], t.Columns);
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal("a, \"quoted\" note", t.Rows[0][1]);
        Assert.Equal("two\nlines", t.Rows[1][1]);
        Assert.Equal("118", t.Rows[1][2]);
        Assert.Equal([2, 3], t.Lines);
    }

    [Fact]
    public void SkipsBlankLinesAndKeepsTheirLineNumbers()
    {
        var t = CsvTable.Parse("a,b\n1,2\n\n3,4\n", "x.csv");
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal([2, 4], t.Lines);
    }

    [Fact]
    public void AWrongFieldCountNamesTheLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => CsvTable.Parse("a,b\n1,2\n3\n", "x.csv"));
        Assert.Contains("x.csv, line 3", e.Message);
        Assert.Contains("1 fields, but the header has 2", e.Message);
    }

    [Fact]
    public void AnUnclosedQuoteIsAnError()
    {
        var e = Assert.Throws<InvalidDataException>(() => CsvTable.Parse("a,b\n1,\"2\n", "x.csv"));
        Assert.Contains("line 2", e.Message);
        Assert.Contains("never closed", e.Message);
    }

    [Fact]
    public void AColumnNameThatAppearsTwiceIsAnError()
    {
        var t = CsvTable.Parse("date,value,value\n2020-01,1,2\n", "x.csv");
        var e = Assert.Throws<ArgumentException>(() => t.ColumnIndex("value", "--column"));
        Assert.Contains("--column 'value' names more than one column of x.csv", e.Message);
        Assert.Equal(0, t.ColumnIndex("date", "--date-column"));
    }

    [Fact]
    public void AMissingColumnListsTheColumns()
    {
        var t = CsvTable.Parse("Month,Passengers\n1949-01,112\n", "x.csv");
        var e = Assert.Throws<ArgumentException>(() => t.ColumnIndex("Sales", "--column"));
        Assert.Contains("no column 'Sales'", e.Message);
        Assert.Contains("'Month', 'Passengers'", e.Message);
        Assert.Equal(1, t.ColumnIndex("passengers", "--column"));
    }
}
