// Rmse and Mae: root-mean-square and mean absolute error over every element of a regression output.
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
    internal static void Same(string name, Tensor prediction, Tensor target)
    {
        if (prediction.Length != target.Length)
            throw new ArgumentException($"{name}: prediction {Shapes.Format(prediction.Shape)} and target {Shapes.Format(target.Shape)} differ in size.");
    }
}
