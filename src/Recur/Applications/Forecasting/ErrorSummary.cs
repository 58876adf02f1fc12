// ErrorSummary: running point-forecast errors: RMSE = sqrt(mean e^2), MAE = mean |e|, MAPE = 100 mean
// |e / y| (in percent; actual values of exactly 0 are left out of MAPE, which is undefined there).
namespace Recur.Applications.Forecasting;

/// <summary>Accumulates (actual, predicted) pairs and gives MSE, RMSE, MAE and MAPE.</summary>
public sealed class ErrorSummary
{
    private double _squared, _absolute, _percent;
    private int _percentCount;

    /// <summary>Pairs added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one pair.</summary>
    public void Add(double actual, double predicted)
    {
        double e = predicted - actual;
        _squared += e * e;
        _absolute += Math.Abs(e);
        if (actual != 0)
        {
            _percent += Math.Abs(e / actual);
            _percentCount++;
        }
        Count++;
    }

    /// <summary>Mean squared error (NaN when empty).</summary>
    public double Mse => Count > 0 ? _squared / Count : double.NaN;

    /// <summary>Root mean squared error.</summary>
    public double Rmse => Math.Sqrt(Mse);

    /// <summary>Mean absolute error.</summary>
    public double Mae => Count > 0 ? _absolute / Count : double.NaN;

    /// <summary>Mean absolute percentage error in percent, over the pairs whose actual value is not 0 (NaN when none).</summary>
    public double Mape => _percentCount > 0 ? 100 * _percent / _percentCount : double.NaN;

    /// <summary>Pairs left out of <see cref="Mape"/> because their actual value is 0.</summary>
    public int MapeExcluded => Count - _percentCount;
}
