using Recur.Applications.Forecasting;

namespace Recur.Tests.Applications.Forecasting;

public class SeriesTransformTests
{
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    public void InvertingTheTrueFutureGivesBackTheSeries(bool log, int difference)
    {
        var y = new double[40];
        for (int i = 0; i < y.Length; i++) y[i] = 100 + 2.5 * i + 10 * Math.Sin(i * 0.7) + 0.03 * i * i;
        var t = SeriesTransform.Fit(y.AsSpan(0, 30), log, difference);
        var z = t.Apply(y);
        Assert.Equal(y.Length - difference, z.Length);
        const int origin = 24, h = 6;
        var future = new float[h];
        for (int k = 0; k < h; k++) future[k] = (float)z[origin + 1 + k - difference];
        var back = t.Invert(y.AsSpan(0, origin + 1), future);
        for (int k = 0; k < h; k++) Assert.True(Math.Abs(back[k] - y[origin + 1 + k]) < 1e-3 * y[origin + 1 + k], $"step {k + 1}: {back[k]} vs {y[origin + 1 + k]}");
    }

    [Fact]
    public void StandardisesWithTheTrainingSpanOnly()
    {
        double[] y = [1, 2, 3, 4, 100, 200];
        var t = SeriesTransform.Fit(y.AsSpan(0, 4), log: false, difference: 0);
        Assert.Equal(2.5, t.Mean, 12);
        Assert.Equal(Math.Sqrt(1.25), t.Std, 12);
    }

    [Fact]
    public void ValuesWhoseSpreadOverflowsAreAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => SeriesTransform.Fit([1e308, -1e308, 1e308], log: false, difference: 0, source: "big.csv"));
        Assert.Contains("big.csv: the training values are too large to standardise", e.Message);
        Assert.Equal(1e100, SeriesTransform.Fit([1e100, 3e100], log: false, difference: 0).Std, 1e86);
    }

    [Fact]
    public void LogNeedsPositiveValues()
    {
        var e = Assert.Throws<InvalidDataException>(() => SeriesTransform.Fit([3, 0, 2], log: true, difference: 1, "s.csv"));
        Assert.Contains("value 2 is 0", e.Message);
        Assert.Contains("--log", e.Message);
    }
}
