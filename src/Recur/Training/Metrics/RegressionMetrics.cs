// Rmse and Mae: root-mean-square and mean absolute error over every element of a regression output. The
// prediction and target shapes must match up to axes of size 1.
using Recur.Tensors;

namespace Recur.Training.Metrics;

/// <summary>Root-mean-square error.</summary>
public sealed class Rmse : IMetric
{
    private double _sum;
    private long _count;

    /// <inheritdoc/>
    public string Name => "rmse";

    /// <inheritdoc/>
    public void Reset() => (_sum, _count) = (0, 0);

    /// <inheritdoc/>
    public double Result => _count == 0 ? double.NaN : Math.Sqrt(_sum / _count);

    /// <inheritdoc/>
    public void Update(Tensor prediction, Tensor target)
    {
        RegressionCheck.Same(Name, prediction, target);
        var p = prediction.ReadOnlyData;
        var t = target.ReadOnlyData;
        for (int i = 0; i < p.Length; i++)
        {
            double d = p[i] - t[i];
            _sum += d * d;
        }
        _count += p.Length;
    }
}

/// <summary>Mean absolute error.</summary>
public sealed class Mae : IMetric
{
    private double _sum;
    private long _count;

    /// <inheritdoc/>
    public string Name => "mae";

    /// <inheritdoc/>
    public void Reset() => (_sum, _count) = (0, 0);

    /// <inheritdoc/>
    public double Result => _count == 0 ? double.NaN : _sum / _count;

    /// <inheritdoc/>
    public void Update(Tensor prediction, Tensor target)
    {
        RegressionCheck.Same(Name, prediction, target);
        var p = prediction.ReadOnlyData;
        var t = target.ReadOnlyData;
        for (int i = 0; i < p.Length; i++) _sum += Math.Abs(p[i] - t[i]);
        _count += p.Length;
    }
}

internal static class RegressionCheck
{
    /// <summary>
    /// Elements pair up in order, so the shapes must agree apart from axes of size 1 ([B, 1] against [B] is
    /// fine; [B, 2] against [2, B] would pair the wrong elements and is refused).
    /// </summary>
    internal static void Same(string name, Tensor prediction, Tensor target)
    {
        if (!SameBeyondOnes(prediction.Shape, target.Shape))
            throw new ArgumentException(
                $"{name}: prediction {Shapes.Format(prediction.Shape)} and target {Shapes.Format(target.Shape)} differ in shape " +
                "(only axes of size 1 may differ); reshape one to the other's shape.");
    }

    private static bool SameBeyondOnes(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && a[i] == 1) i++;
            while (j < b.Length && b[j] == 1) j++;
            if (i == a.Length || j == b.Length) return i == a.Length && j == b.Length;
            if (a[i++] != b[j++]) return false;
        }
    }
}
