// ForecastEvaluator: the "forecast" entry of `recur eval`: reads the model's column from any series CSV
// and prints the same test-span figures as `recur train forecast` (RMSE, MSE, MAE, MAPE beside
// persistence and seasonal-naive), so a model can be judged on a series it never saw.
using Recur.Applications;
using Recur.Applications.Forecasting;

namespace Recur.Cli.Commands;

internal static class ForecastEvaluator
{
    /// <summary>Evaluates a loaded forecasting model on <paramref name="data"/>.</summary>
    internal static void Evaluate(TaskModel model, string data, TextWriter output, bool json)
    {
        var forecaster = Forecaster.FromTaskModel(model);
        var series = forecaster.LoadSeries(data);
        var report = forecaster.Evaluate(series);
        output.WriteLine(TrainForecastCommand.Describe(series));
        output.WriteLine($"{model.Path}: {ForecastTrainer.Describe(forecaster)}");
        output.WriteLine(report.ToTable(forecaster.Config.Rnn.Kind));
        if (json) output.WriteLine(report.ToJson());
    }
}
