// SlidingWindows: supervised pairs from a time series: window n takes `lookback` steps starting at
// n * stride as input and the next `horizon` steps as target. N = (length - lookback - horizon) / stride + 1.
// Legend: N windows, L lookback, H horizon, F features.
using Recur.Tensors;

namespace Recur.Data;

/// <summary>Cuts series into (lookback window, following horizon) pairs.</summary>
public static class SlidingWindows
{
    /// <summary>The number of windows N = (length - lookback - horizon) / stride + 1; throws when the series is too short.</summary>
    public static int WindowCount(int length, int lookback, int horizon, int stride = 1)
    {
        if (lookback <= 0) throw new ArgumentException($"lookback must be positive, got {lookback}.", nameof(lookback));
        if (horizon <= 0) throw new ArgumentException($"horizon must be positive, got {horizon}.", nameof(horizon));
        if (stride <= 0) throw new ArgumentException($"stride must be positive, got {stride}.", nameof(stride));
        if (length < lookback + horizon)
            throw new ArgumentException($"A series of {length} values is too short for lookback {lookback} + horizon {horizon}.");
        return (length - lookback - horizon) / stride + 1;
    }

    /// <summary>
    /// Windows of a univariate series: x [N, L, 1] with x[n, l, 0] = series[n * stride + l], and
    /// y [N, H] with y[n, h] = series[n * stride + L + h].
    /// </summary>
    public static (Tensor X, Tensor Y) Create(ReadOnlySpan<float> series, int lookback, int horizon, int stride = 1)
    {
        int n = WindowCount(series.Length, lookback, horizon, stride);
        var x = Tensor.Zeros(n, lookback, 1);
        var y = Tensor.Zeros(n, horizon);
        Span<float> xd = x.Data, yd = y.Data;
        for (int w = 0; w < n; w++)
        {
            series.Slice(w * stride, lookback).CopyTo(xd.Slice(w * lookback, lookback));
            series.Slice(w * stride + lookback, horizon).CopyTo(yd.Slice(w * horizon, horizon));
        }
        return (x, y);
    }

    /// <summary>
    /// Windows of a multivariate series [time, F]: x [N, L, F] with x[n, l, f] = series[n * stride + l, f],
    /// and y [N, H, F] with y[n, h, f] = series[n * stride + L + h, f].
    /// </summary>
    public static (Tensor X, Tensor Y) Create(float[,] series, int lookback, int horizon, int stride = 1)
    {
        ArgumentNullException.ThrowIfNull(series);
        int length = series.GetLength(0), features = series.GetLength(1);
        if (features == 0) throw new ArgumentException("The series has 0 features.", nameof(series));
        int n = WindowCount(length, lookback, horizon, stride);
        var x = Tensor.Zeros(n, lookback, features);
        var y = Tensor.Zeros(n, horizon, features);
        Span<float> xd = x.Data, yd = y.Data;
        for (int w = 0; w < n; w++)
        {
            int start = w * stride;
            for (int l = 0; l < lookback; l++)
                for (int f = 0; f < features; f++)
                    xd[(w * lookback + l) * features + f] = series[start + l, f];
            for (int h = 0; h < horizon; h++)
                for (int f = 0; f < features; f++)
                    yd[(w * horizon + h) * features + f] = series[start + lookback + h, f];
        }
        return (x, y);
    }
}
