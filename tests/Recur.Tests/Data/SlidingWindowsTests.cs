// SlidingWindowsTests: univariate and multivariate windows on hand-checked series, strides, and the
// too-short-series errors.
using Recur.Data;

namespace Recur.Tests.Data;

public class SlidingWindowsTests
{
    [Fact]
    public void Univariate_windows_on_a_hand_checked_series()
    {
        float[] s = [0, 1, 2, 3, 4, 5, 6];
        var (x, y) = SlidingWindows.Create(s, lookback: 3, horizon: 2);
        Assert.Equal(new[] { 3, 3, 1 }, x.ShapeArray);
        Assert.Equal(new[] { 3, 2 }, y.ShapeArray);
        Assert.Equal(new[] { 0f, 1f, 2f, 1f, 2f, 3f, 2f, 3f, 4f }, x.ToArray());
        Assert.Equal(new[] { 3f, 4f, 4f, 5f, 5f, 6f }, y.ToArray());
    }

    [Fact]
    public void Stride_skips_windows_and_drops_a_partial_tail()
    {
        float[] s = [0, 1, 2, 3, 4, 5, 6, 7];
        var (x, y) = SlidingWindows.Create(s, lookback: 2, horizon: 1, stride: 3);
        // Windows start at 0 and 3 (start 6 would need index 8).
        Assert.Equal(2, SlidingWindows.WindowCount(8, 2, 1, 3));
        Assert.Equal(new[] { 0f, 1f, 3f, 4f }, x.ToArray());
        Assert.Equal(new[] { 2f, 5f }, y.ToArray());
        Assert.Equal(1, SlidingWindows.WindowCount(3, 2, 1, 5));
    }

    [Fact]
    public void Multivariate_windows_keep_features_last()
    {
        float[,] s = { { 0, 10 }, { 1, 11 }, { 2, 12 }, { 3, 13 } };
        var (x, y) = SlidingWindows.Create(s, lookback: 2, horizon: 1);
        Assert.Equal(new[] { 2, 2, 2 }, x.ShapeArray);
        Assert.Equal(new[] { 2, 1, 2 }, y.ShapeArray);
        Assert.Equal(new[] { 0f, 10f, 1f, 11f, 1f, 11f, 2f, 12f }, x.ToArray());
        Assert.Equal(new[] { 2f, 12f, 3f, 13f }, y.ToArray());
    }

    [Fact]
    public void Bad_inputs_have_clear_errors()
    {
        var ten = new float[10];
        var e = Assert.Throws<ArgumentException>(() => SlidingWindows.Create(ten, 12, 1));
        Assert.Contains("series of 10 values is too short for lookback 12 + horizon 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => SlidingWindows.Create(new float[3, 2], 3, 1));
        Assert.Contains("series of 3 values is too short for lookback 3 + horizon 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => SlidingWindows.Create(ten, 0, 1));
        Assert.Contains("lookback must be positive, got 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => SlidingWindows.Create(ten, 2, 0));
        Assert.Contains("horizon must be positive, got 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => SlidingWindows.Create(ten, 2, 1, stride: 0));
        Assert.Contains("stride must be positive, got 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => SlidingWindows.Create(new float[5, 0], 2, 1));
        Assert.Contains("0 features", e.Message);
    }
}
