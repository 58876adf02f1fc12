// ForecastReport: the figures of a forecaster on the test span of one series (RMSE, MSE, MAE, MAPE, sMAPE,
// MASE), beside the persistence
// (ŷ[t] = y[t-h]) and seasonal-naive (ŷ[t] = y[t - m ceil(h/m)]) baselines on exactly the same
// (target, horizon) pairs. The same record is printed by `recur train forecast` and `recur eval`.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Recur.IO;
using Recur.Text;

namespace Recur.Applications.Forecasting;

/// <summary>
/// MSE, RMSE, MAE, MAPE and sMAPE (both percent) and MASE of one method; <paramref name="MapeExcluded"/>: pairs
/// left out of MAPE (true value 0). MASE is MAE over the mean absolute error of the naive forecast
/// ŷ[t] = y[t - m] on the values before the test span (m: the seasonal period, else 1), as in the M4 competition;
/// below 1 beats that in-sample naive forecast. NaN when the scale is 0 (a constant training span).
/// </summary>
public readonly record struct ForecastFigures(double Mse, double Rmse, double Mae, double Mape, int MapeExcluded = 0,
    double Smape = double.NaN, double Mase = double.NaN)
{
    /// <summary>The figures of an accumulated summary; <paramref name="maseScale"/> is MASE's denominator.</summary>
    public static ForecastFigures From(ErrorSummary s, double maseScale = double.NaN) =>
        new(s.Mse, s.Rmse, s.Mae, s.Mape, s.MapeExcluded, s.Smape, maseScale > 0 ? s.Mae / maseScale : double.NaN);
}

/// <summary>The test-span figures of a forecaster and its baselines.</summary>
/// <param name="Source">The series file.</param>
/// <param name="Values">N, values in the series.</param>
/// <param name="TrainLength">Values before the test span.</param>
/// <param name="Horizon">H: every test value is forecast from H origins, 1..H steps ahead.</param>
/// <param name="Pairs">(target, horizon) pairs scored: test values × H.</param>
/// <param name="TestFrom">The first test date (or 1-based index).</param>
/// <param name="TestTo">The last test date (or 1-based index).</param>
/// <param name="Model">The forecaster.</param>
/// <param name="Persistence">ŷ[t] = y[t-h], the last observed value.</param>
/// <param name="SeasonalNaive">ŷ[t] = y[t - m ceil(h/m)] (null without a seasonal period, or too little history).</param>
/// <param name="SeasonalPeriod">m.</param>
/// <param name="RmseByStep">The forecaster's RMSE at each horizon 1..H.</param>
/// <param name="MaseScale">MASE's denominator: the in-sample MAE of the naive forecast y[t - <paramref name="MaseLag"/>].</param>
/// <param name="MaseLag">MASE's lag: the seasonal period when it is 2..24 and the training span is longer, else 1 (as in M4).</param>
public sealed record ForecastReport(string Source, int Values, int TrainLength, int Horizon, int Pairs, string TestFrom, string TestTo,
    ForecastFigures Model, ForecastFigures Persistence, ForecastFigures? SeasonalNaive, int? SeasonalPeriod, IReadOnlyList<double> RmseByStep,
    double MaseScale = double.NaN, int MaseLag = 1)
{
    /// <summary>Test values.</summary>
    public int TestLength => Values - TrainLength;

    /// <summary>A small table of the figures, for people.</summary>
    public string ToTable(string modelName)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(string.Create(inv, $"test span: the last {TestLength} of {Values} values ({TestFrom} .. {TestTo}), {(Horizon == 1 ? "one step ahead" : $"1..{Horizon} steps ahead")} from the true history; {Counted.Of(Pairs, "forecast")}"));
        sb.AppendLine(string.Create(inv, $"  {"method",-22} {"RMSE",10} {"MSE",12} {"MAE",10} {"MAPE",8} {"sMAPE",8} {"MASE",7}"));
        void Row(string name, ForecastFigures f) =>
            sb.AppendLine(string.Create(inv, $"  {name,-22} {f.Rmse,10:0.0000} {f.Mse,12:0.0000} {f.Mae,10:0.0000} {f.Mape,7:0.00}% {f.Smape,7:0.00}% {f.Mase,7:0.000}"));
        Row(modelName, Model);
        Row("persistence", Persistence);
        if (SeasonalNaive is { } s) Row($"seasonal naive (m={SeasonalPeriod})", s);
        if (Horizon > 1)
            sb.AppendLine("  RMSE by step: " + string.Join(" ", RmseByStep.Select(r => r.ToString("0.000", inv))));
        if (Model.MapeExcluded > 0)
            sb.AppendLine(string.Create(inv, $"  MAPE leaves out the {Model.MapeExcluded} of {Pairs} forecasts whose true value is 0 (it is undefined there)"));
        sb.AppendLine(
            MaseScale > 0 ? string.Create(inv, $"  MASE: MAE over {MaseScale:G6}, the in-sample MAE of the naive forecast y[t-{MaseLag}] on the {TrainLength} values before the test span")
            : MaseScale == 0 ? string.Create(inv, $"  MASE: undefined (the naive forecast y[t-{MaseLag}] makes no error on the {TrainLength} values before the test span)")
            : string.Create(inv, $"  MASE: undefined (the naive forecast y[t-{MaseLag}] needs more than the {TrainLength} values before the test span)"));
        return sb.ToString().TrimEnd();
    }

    /// <summary>Writes the figures as JSON properties (rmse, mae, mape, mse, smape, mase, persistence_*, seasonal_naive_*, ...).</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        Number(w, "rmse", Model.Rmse);
        Number(w, "mae", Model.Mae);
        Number(w, "mape", Model.Mape);
        w.WriteNumber("mape_excluded_pairs", Model.MapeExcluded);
        Number(w, "mse", Model.Mse);
        Number(w, "smape", Model.Smape);
        Number(w, "mase", Model.Mase);
        Number(w, "mase_scale", MaseScale);
        w.WriteNumber("mase_lag", MaseLag);
        Number(w, "persistence_rmse", Persistence.Rmse);
        Number(w, "persistence_mae", Persistence.Mae);
        Number(w, "persistence_mape", Persistence.Mape);
        Number(w, "persistence_mse", Persistence.Mse);
        Number(w, "persistence_smape", Persistence.Smape);
        Number(w, "persistence_mase", Persistence.Mase);
        Number(w, "seasonal_naive_rmse", SeasonalNaive?.Rmse);
        Number(w, "seasonal_naive_mae", SeasonalNaive?.Mae);
        Number(w, "seasonal_naive_mape", SeasonalNaive?.Mape);
        Number(w, "seasonal_naive_mse", SeasonalNaive?.Mse);
        Number(w, "seasonal_naive_smape", SeasonalNaive?.Smape);
        Number(w, "seasonal_naive_mase", SeasonalNaive?.Mase);
        if (SeasonalPeriod is { } m) w.WriteNumber("seasonal_period", m); else w.WriteNull("seasonal_period");
        w.WriteNumber("horizon", Horizon);
        w.WriteNumber("test_values", TestLength);
        w.WriteNumber("train_values", TrainLength);
        w.WriteString("test_from", TestFrom);
        w.WriteString("test_to", TestTo);
        w.WriteStartArray("rmse_by_step");
        foreach (var r in RmseByStep) w.WriteNumberValue(Math.Round(r, 6));
        w.WriteEndArray();
    }

    /// <summary>One JSON object: {"task":"forecast", ...figures}.</summary>
    public string ToJson() => JsonLine.Object(w =>
    {
        w.WriteString("task", "forecast");
        w.WriteString("data", Source);
        WriteJson(w);
    });

    /// <summary>A finite number rounded to 6 decimals, or null.</summary>
    internal static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, Math.Round(v, 6));
        else w.WriteNull(name);
    }
}
