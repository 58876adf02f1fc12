using Recur.Applications;
using Recur.Applications.Forecasting;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Applications.Forecasting;

public class ForecasterTests
{
    internal static string Airline => Path.Combine(TestUtil.RepoRoot, "data", "airline-passengers", "airline-passengers.csv");

    internal static string DailyTemperatures => Path.Combine(TestUtil.RepoRoot, "data", "daily-min-temperatures", "daily-min-temperatures.csv");

    private static Forecaster Untrained(int lookback, int? period, string test) => new(new ForecastConfig
    {
        Column = "x",
        Lookback = lookback,
        Rnn = new RecurrentConfig { Kind = "lstm", InputSize = 1, HiddenSize = 4, BatchFirst = true },
        SeasonalPeriod = period,
        Test = test,
    }, new Generator(1));

    [Fact]
    public void BaselinesMatchTheReferenceNumbersOfTheAirlineSeries()
    {
        // SOURCE.md: on the last 48 months (Brownlee's 67/33 split) persistence RMSE 48.04, seasonal naive 41.85.
        var series = TimeSeries.Load(Airline, "Passengers");
        var r = Untrained(12, 12, "0.33").Evaluate(series);
        Assert.Equal(96, r.TrainLength);
        Assert.Equal(48, r.Pairs);
        Assert.Equal("1957-01", r.TestFrom);
        Assert.Equal(48.04, r.Persistence.Rmse, 2);
        Assert.Equal(41.85, r.SeasonalNaive!.Value.Rmse, 2);
    }

    [Fact]
    public void PersistenceMatchesTheReferenceOnTheLastWeekOfTemperatures()
    {
        // SOURCE.md: walk-forward persistence on the last 7 days, MSE 3.423.
        var series = TimeSeries.Load(DailyTemperatures, "Temp");
        var r = Untrained(30, 365, "7").Evaluate(series);
        Assert.Equal(7, r.Pairs);
        Assert.Equal(3.423, r.Persistence.Mse, 3);
    }

    [Fact]
    public void MultiStepBaselinesUseTheLastObservedValueAndTheSeasonBefore()
    {
        // y = 0..19, m = 4, H = 3: persistence error at step h is h; seasonal naive (t - 4) error is 4.
        var series = new TimeSeries("lin", "x", Enumerable.Range(0, 20).Select(i => (double)i).ToArray(), null, null, null);
        var f = new Forecaster(new ForecastConfig
        {
            Column = "x", Lookback = 3, Horizon = 3, SeasonalPeriod = 4, Test = "5",
            Rnn = new RecurrentConfig { Kind = "gru", InputSize = 1, HiddenSize = 3, BatchFirst = true },
        }, new Generator(2));
        var r = f.Evaluate(series);
        Assert.Equal(15, r.Pairs);
        Assert.Equal(Math.Sqrt((1 + 4 + 9) / 3.0), r.Persistence.Rmse, 10);
        Assert.Equal(4, r.SeasonalNaive!.Value.Rmse, 10);
        // MASE scale: the lag-4 naive forecast on the 15 training values errs by 4 everywhere. Persistence's MAE
        // is (1 + 2 + 3) / 3 = 2 and seasonal naive's 4, so their MASE are 0.5 and 1.
        Assert.Equal(4, r.MaseScale, 10);
        Assert.Equal(0.5, r.Persistence.Mase, 10);
        Assert.Equal(1, r.SeasonalNaive!.Value.Mase, 10);
        // Seasonal naive forecasts y - 4 for every target y in 15..19: sMAPE = 100 mean 2 * 4 / (2y - 4).
        double smape = 100 * Enumerable.Range(15, 5).Average(y => 8.0 / (2 * y - 4));
        Assert.Equal(smape, r.SeasonalNaive!.Value.Smape, 10);
        Assert.Contains("\"mase\":", r.ToJson());
        Assert.Contains("\"seasonal_naive_mase\":1,", r.ToJson());
    }

    [Theory]
    [InlineData(12, 96, 12)]    // monthly: the seasonal lag, as in M4
    [InlineData(4, 40, 4)]      // quarterly
    [InlineData(24, 500, 24)]   // hourly
    [InlineData(365, 3643, 1)]  // daily: M4 scales by the one-step naive forecast
    [InlineData(52, 400, 1)]    // weekly: likewise
    [InlineData(12, 12, 1)]     // a training span of one period has no seasonal differences
    [InlineData(null, 50, 1)]   // no seasonal period
    public void MaseLagFollowsM4(int? period, int trainLength, int lag) => Assert.Equal(lag, Forecaster.MaseLag(period, trainLength));

    [Fact]
    public void DailyDataScalesMaseByTheOneStepNaiveForecast()
    {
        // y = t^2 / 10 on 40 days, m = 365 (longer than the span): MASE uses lag 1, mean |y[t] - y[t-1]| = mean (2t - 1) / 10.
        var values = Enumerable.Range(0, 40).Select(t => t * t / 10.0).ToArray();
        var series = new TimeSeries("sq", "x", values, null, null, null);
        var r = Untrained(3, 365, "8").Evaluate(series);
        Assert.Equal(1, r.MaseLag);
        Assert.Equal(Enumerable.Range(1, 31).Average(t => (2 * t - 1) / 10.0), r.MaseScale, 10);
        Assert.True(double.IsFinite(r.Persistence.Mase));
        Assert.Contains("\"mase_lag\":1", r.ToJson());
    }

    [Fact]
    public void MaseIsUndefinedWhenTheTrainingSpanIsConstant()
    {
        var values = Enumerable.Repeat(3.0, 15).Concat([4.0, 5.0, 6.0]).ToArray();
        var series = new TimeSeries("flat", "x", values, null, null, null);
        var r = Untrained(3, null, "3").Evaluate(series);
        Assert.Equal(0, r.MaseScale);
        Assert.True(double.IsNaN(r.Persistence.Mase));
        Assert.Contains("\"mase\":null", r.ToJson());
        Assert.Contains("MASE: undefined (the naive forecast y[t-1] makes no error on the 15 values before the test span)", r.ToTable("lstm"));
    }

    [Fact]
    public void TrainingOnAirlineBeatsPersistenceAndReloadsToTheSamePredictions()
    {
        var series = TimeSeries.Load(Airline, "Passengers");
        string path = Path.Combine(Path.GetTempPath(), $"forecast-{Guid.NewGuid():N}.safetensors");
        try
        {
            var options = new ForecastOptions { Log = true, Difference = 1, Hidden = 16, Epochs = 120, Test = TestSpan.Parse("0.33"), Out = path, Seed = 3 };
            var r = ForecastTrainer.Train(series, options);
            Assert.True(r.Test.Model.Rmse < r.Test.Persistence.Rmse, $"RMSE {r.Test.Model.Rmse} vs persistence {r.Test.Persistence.Rmse}");

            var loaded = Forecaster.Load(path);
            Assert.Equal(r.Forecaster.Config, loaded.Config with { });
            var again = loaded.Evaluate(series);
            Assert.Equal(r.Test.Model.Rmse, again.Model.Rmse, 12);
            Assert.Equal(r.Forecaster.Forecast(series.Values, 5), loaded.Forecast(series.Values, 5));

            var same = ForecastTrainer.Train(series, options with { Out = null });
            Assert.Equal(r.Test.Model.Rmse, same.Test.Model.Rmse);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(false, 1), InlineData(true, 2), InlineData(false, 0)]
    public void ForecastsPastTheHorizonFeedBackTheirOwnForecasts(bool log, int difference)
    {
        // Forecast reads only the last L + d values each round; the results must equal PredictFrom on the whole history, bit for bit.
        var f = new Forecaster(new ForecastConfig
        {
            Column = "x", Lookback = 4, Horizon = 2, Transform = new SeriesTransform(log, difference, 0.5, 2),
            Rnn = new RecurrentConfig { Kind = "lstm", InputSize = 1, HiddenSize = 5, BatchFirst = true },
        }, new Generator(7));
        double[] y = [3, 1, 4, 1, 5, 9, 2, 6];
        var five = f.Forecast(y, 5);
        Assert.Equal(5, five.Length);
        var first = f.PredictFrom(y, [y.Length - 1])[0];
        Assert.Equal(first, five[..2]);
        double[] extended = [.. y, five[0], five[1]];
        Assert.Equal(f.PredictFrom(extended, [extended.Length - 1])[0], five[2..4]);
    }

    [Fact]
    public void TooLittleDataForTheLookbackSaysWhatToChange()
    {
        var series = new TimeSeries("short.csv", "x", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], null, null, null);
        var e = Assert.Throws<ArgumentException>(() => ForecastTrainer.Train(series, new ForecastOptions { Lookback = 8, Epochs = 1 }));
        Assert.Contains("too little data for lookback 8", e.Message);
        Assert.Contains("smaller --lookback", e.Message);
    }

    [Fact]
    public void AModelOfAnotherTaskIsRefused()
    {
        string path = Path.Combine(Path.GetTempPath(), $"forecast-{Guid.NewGuid():N}.safetensors");
        try
        {
            TaskModelFile.Save(path, "classify", "{}", new Linear(2, 2, generator: new Generator(1)));
            var e = Assert.Throws<InvalidDataException>(() => Forecaster.Load(path));
            Assert.Contains("not a 'forecast' model", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ForecastCsvContinuesTheDatesOrTheStepIndex()
    {
        var monthly = TimeSeries.FromTable(CsvTable.Parse("Month,P\n1960-11,390\n1960-12,432\n", "m.csv"), "P");
        Assert.Equal("Month,P\n1961-01,1.5\n1961-02,2\n", ForecastCsv.Format(monthly, [1.5, 2]));
        var daily = TimeSeries.FromTable(CsvTable.Parse("Date,T\n1990-12-30,1\n1990-12-31,2\n", "d.csv"), "T");
        Assert.Equal("Date,T\n1991-01-01,3\n", ForecastCsv.Format(daily, [3]));
        var plain = new TimeSeries("p.csv", "a,b", [1, 2, 3], null, null, null);
        Assert.Equal("step,\"a,b\"\n4,0.25\n5,-1\n", ForecastCsv.Format(plain, [0.25, -1]));
    }
}
