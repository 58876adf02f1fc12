using System.Text.Json;
using Recur.Applications;
using Recur.Layers;
using Recur.Tensors;
using Recur.Tests.Applications.Forecasting;

namespace Recur.Tests.Cli.Commands;

public class ForecastCommandTests
{
    private static string Temp(string ext) => Path.Combine(Path.GetTempPath(), $"fc-{Guid.NewGuid():N}{ext}");

    [Fact]
    public void TrainForecastEvalRoundTripWithJson()
    {
        string model = Temp(".safetensors"), csv = Temp(".csv");
        try
        {
            var (code, stdout, stderr) = CliProcess.InProcess("train", "forecast", "--data", ForecasterTests.Airline, "--column", "Passengers",
                "--log", "--difference", "1", "--hidden", "16", "--epochs", "60", "--test", "0.33", "--threads", "1", "--out", model, "--json");
            Assert.True(code == 0, stderr);
            using var train = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
            var t = train.RootElement;
            Assert.Equal("forecast", t.GetProperty("task").GetString());
            Assert.Equal(48.041215, t.GetProperty("persistence_rmse").GetDouble(), 5);
            Assert.Equal(41.853664, t.GetProperty("seasonal_naive_rmse").GetDouble(), 5);
            Assert.True(t.GetProperty("mape").GetDouble() > 0);

            (code, stdout, stderr) = CliProcess.InProcess("eval", "--model", model, "--data", ForecasterTests.Airline, "--json");
            Assert.True(code == 0, stderr);
            using var eval = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
            Assert.Equal(t.GetProperty("rmse").GetDouble(), eval.RootElement.GetProperty("rmse").GetDouble());

            (code, _, stderr) = CliProcess.InProcess("forecast", "--model", model, "--data", ForecasterTests.Airline, "--steps", "14", "--out", csv);
            Assert.True(code == 0, stderr);
            var lines = File.ReadAllLines(csv);
            Assert.Equal(15, lines.Length);
            Assert.Equal("Month,Passengers", lines[0]);
            Assert.StartsWith("1961-01,", lines[1]);
            Assert.StartsWith("1962-02,", lines[14]);
            Assert.All(lines.Skip(1), l => Assert.InRange(double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture), 300, 800));
        }
        finally
        {
            File.Delete(model);
            File.Delete(csv);
        }
    }

    [Fact]
    public void AMissingColumnListsTheColumnsAndWritesNoModel()
    {
        string model = Temp(".safetensors");
        var (code, stdout, stderr) = CliProcess.InProcess("train", "forecast", "--data", ForecasterTests.Airline, "--column", "Sales", "--out", model);
        Assert.Equal(2, code);
        Assert.Contains("no column 'Sales'", stderr);
        Assert.Contains("'Month', 'Passengers'", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(File.Exists(model));
        Assert.Equal("", stdout);
    }

    [Fact]
    public void ANonNumericValueGivesLineAndColumn()
    {
        string data = Temp(".csv"), model = Temp(".safetensors");
        try
        {
            File.WriteAllText(data, "Date,Temp\n1981-01-01,20.7\n1981-01-02,17.9\n1981-01-03,?0.2\n");
            var (code, _, stderr) = CliProcess.InProcess("train", "forecast", "--data", data, "--column", "Temp", "--out", model);
            Assert.Equal(2, code);
            Assert.Contains("line 4, column 2 ('Temp')", stderr);
            Assert.False(File.Exists(model));
        }
        finally
        {
            File.Delete(data);
        }
    }

    [Fact]
    public void TooLittleDataForTheLookbackIsAUserError()
    {
        string model = Temp(".safetensors");
        var (code, _, stderr) = CliProcess.InProcess("train", "forecast", "--data", ForecasterTests.Airline, "--column", "Passengers", "--lookback", "120", "--out", model);
        Assert.Equal(2, code);
        Assert.Contains("too little data for lookback 120", stderr);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void AModelOfAnotherTaskIsAClearErrorAndNoCsv()
    {
        string model = Temp(".safetensors"), csv = Temp(".csv");
        try
        {
            TaskModelFile.Save(model, "classify", "{}", new Linear(2, 2, generator: new Generator(1)));
            var (code, _, stderr) = CliProcess.InProcess("forecast", "--model", model, "--data", ForecasterTests.Airline, "--steps", "3", "--out", csv);
            Assert.Equal(2, code);
            Assert.Contains("'classify' model, not a 'forecast' model", stderr);
            Assert.False(File.Exists(csv));
        }
        finally
        {
            File.Delete(model);
        }
    }
}
