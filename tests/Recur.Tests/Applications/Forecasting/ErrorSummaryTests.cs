// ErrorSummary: the point-forecast errors on hand-worked pairs, and MAPE's left-out pairs (true value 0)
// are counted so that reports can say how many.
using Recur.Applications.Forecasting;

namespace Recur.Tests.Applications.Forecasting;

public class ErrorSummaryTests
{
    [Fact]
    public void Errors_match_a_hand_worked_example_and_zeros_are_counted_out_of_mape()
    {
        // (actual, predicted): (0, 1), (2, 1), (4, 6): errors 1, -1, 2.
        var s = new ErrorSummary();
        s.Add(0, 1);
        s.Add(2, 1);
        s.Add(4, 6);
        Assert.Equal(3, s.Count);
        Assert.Equal(2.0, s.Mse, 12);
        Assert.Equal(4.0 / 3, s.Mae, 12);
        Assert.Equal(100 * (0.5 + 0.5) / 2, s.Mape, 12); // over the two pairs with a non-zero actual value
        Assert.Equal(1, s.MapeExcluded);
        Assert.Equal(1, ForecastFigures.From(s).MapeExcluded);
        // sMAPE: 2|e| / (|y| + |ŷ|) = 2/1, 2/3 and 4/10, in percent.
        Assert.Equal(100 * (2 + 2.0 / 3 + 0.4) / 3, s.Smape, 12);
        Assert.Equal(4.0 / 3 / 2, ForecastFigures.From(s, maseScale: 2).Mase, 12);
        Assert.True(double.IsNaN(ForecastFigures.From(s, maseScale: 0).Mase));
    }

    [Fact]
    public void A_pair_forecast_exactly_at_zero_counts_zero_in_smape()
    {
        var s = new ErrorSummary();
        s.Add(0, 0);
        s.Add(1, 3); // 2 * 2 / 4 = 1
        Assert.Equal(100 * (0 + 1.0) / 2, s.Smape, 12);
        Assert.True(double.IsNaN(new ErrorSummary().Smape));
    }

    [Fact]
    public void A_nan_forecast_makes_every_figure_nan_smape_included()
    {
        var s = new ErrorSummary();
        s.Add(1, double.NaN);
        s.Add(2, 2.5);
        Assert.True(double.IsNaN(s.Smape));
        Assert.True(double.IsNaN(s.Mae));
    }
}
