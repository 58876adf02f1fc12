// ErrorSummary: running point-forecast errors: RMSE = sqrt(mean e^2), MAE = mean |e|, MAPE = 100 mean
// |e / y| (in percent; actual values of exactly 0 are left out of MAPE, which is undefined there), and
// sMAPE = 100 mean 2|e| / (|y| + |ŷ|) (in percent, from 0 to 200, as in the M4 competition; a pair with
// y = ŷ = 0 is a perfect forecast and counts 0). MASE divides MAE by a scale the caller gives (the
// in-sample naive forecast's MAE; see ForecastFigures).
namespace Recur.Applications.Forecasting;

/// <summary>Accumulates (actual, predicted) pairs and gives MSE, RMSE, MAE, MAPE and sMAPE.</summary>
public sealed class ErrorSummary
{
    private double _squared, _absolute, _percent, _symmetric;
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
        double scale = Math.Abs(actual) + Math.Abs(predicted);
        if (scale != 0) _symmetric += 2 * Math.Abs(e) / scale; // a NaN forecast makes sMAPE NaN, as it does the others
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

    /// <summary>Symmetric MAPE in percent (0 to 200): 100 mean 2|e| / (|y| + |ŷ|), NaN when empty.</summary>
    public double Smape => Count > 0 ? 100 * _symmetric / Count : double.NaN;

    /// <summary>Pairs left out of <see cref="Mape"/> because their actual value is 0.</summary>
    public int MapeExcluded => Count - _percentCount;
}
