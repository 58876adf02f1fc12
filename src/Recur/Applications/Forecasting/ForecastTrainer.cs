// ForecastTrainer: `recur train forecast`: a chronological split (TestSpan), the series transform fitted
// on the training span only, sliding windows (L in, H out) cut from the training span only, a recurrent
// network trained on them with Adam and MSE, then the test-span report beside persistence and
// seasonal-naive (Forecaster.Evaluate) and the model file.
using System.Diagnostics;
using System.Globalization;
using Recur.Data;
using Recur.Layers;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;
using Recur.IO;

namespace Recur.Applications.Forecasting;

/// <summary>The outcome of <see cref="ForecastTrainer.Train"/>.</summary>
/// <param name="Forecaster">The trained model.</param>
/// <param name="Test">Test-span figures beside the baselines.</param>
/// <param name="TrainRmse">RMSE on the training span (same horizons).</param>
/// <param name="Windows">Training windows.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Seconds">Training wall time.</param>
/// <param name="StopReason">Why training stopped early (null: it ran all epochs).</param>
public sealed record ForecastTrainingResult(Forecaster Forecaster, ForecastReport Test, double TrainRmse, int Windows, int Epochs, double Seconds, string? StopReason)
{
    /// <summary>The JSON line printed with --json: the test figures, train_rmse, epochs and seconds.</summary>
    public string ToJson() => JsonLine.Object(w =>
    {
        w.WriteString("task", "forecast");
        w.WriteString("data", Test.Source);
        Test.WriteJson(w);
        ForecastReport.Number(w, "train_rmse", TrainRmse);
        w.WriteNumber("lookback", Forecaster.Config.Lookback);
        w.WriteString("cell", Forecaster.Config.Rnn.Kind);
        w.WriteNumber("windows", Windows);
        w.WriteNumber("epochs", Epochs);
        w.WriteNumber("seconds", Math.Round(Seconds, 1));
    });
}

/// <summary>Trains a <see cref="Forecaster"/> on a series.</summary>
public static class ForecastTrainer
{
    /// <summary>
    /// Trains on the training span of <paramref name="series"/> and scores on its test span. Errors
    /// (too little data, bad options) are <see cref="ArgumentException"/>s that say what to change.
    /// </summary>
    public static ForecastTrainingResult Train(TimeSeries series, ForecastOptions o, IProgressReporter? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(o);
        if (o.Horizon < 1) throw new ArgumentException($"--horizon must be positive, got {o.Horizon}.");
        if (o.Hidden < 1 || o.Layers < 1 || o.Batch < 1) throw new ArgumentException("--hidden, --layers and --batch must be positive.");
        if (o.Epochs is < 1) throw new ArgumentException($"--epochs must be positive, got {o.Epochs}.");
        if (!(o.LearningRate > 0)) throw new ArgumentException($"--lr must be positive, got {o.LearningRate}.");
        if (o.SeasonalPeriod is < 1) throw new ArgumentException($"--seasonal-period must be positive, got {o.SeasonalPeriod}.");
        string cell = o.Cell.ToLowerInvariant();
        if (cell is not ("lstm" or "gru" or "rnn")) throw new ArgumentException($"--cell '{o.Cell}' is not one of lstm, gru, rnn.");
        int? period = o.SeasonalPeriod ?? series.Cadence?.DefaultSeasonalPeriod;
        int lookback = o.Lookback ?? (period is >= 2 and <= 52 ? period.Value : 30);
        if (lookback < 1) throw new ArgumentException($"--lookback must be positive, got {lookback}.");
        int n = series.Count, s = o.Test.TrainLength(n), d = o.Difference;
        if (s <= 0 || s >= n)
            throw new ArgumentException($"{series.Source}: --test {o.Test} leaves {Math.Max(s, 0)} training and {n - Math.Max(s, 0)} test values of {n}; both spans need values.");
        int windows = s - d - lookback - o.Horizon + 1;
        if (windows < 2)
            throw new ArgumentException(
                $"{series.Source}: too little data for lookback {lookback}: the training span has {s} values (of {n}; the rest is the test span), and a window needs " +
                $"{lookback + o.Horizon + d} (lookback {lookback} + horizon {o.Horizon}{(d > 0 ? $" + {d} difference(s)" : "")}), leaving {Math.Max(windows, 0)} training window(s). " +
                "Use a smaller --lookback or --horizon, a shorter --test span, or a longer series.");

        var transform = SeriesTransform.Fit(series.Values.AsSpan(0, s), o.Log, d, series.Source);
        var config = new ForecastConfig
        {
            Column = series.Column,
            DateColumn = series.DateColumn ?? "none",
            Lookback = lookback,
            Horizon = o.Horizon,
            Rnn = new RecurrentConfig { Kind = cell, InputSize = 1, HiddenSize = o.Hidden, NumLayers = o.Layers, BatchFirst = true },
            Transform = transform,
            SeasonalPeriod = period,
            Test = o.Test.ToString(),
        };
        var forecaster = new Forecaster(config, new Generator(o.Seed));
        var z = transform.Apply(series.Values.AsSpan(0, s), series.Source);
        var zf = new float[z.Length];
        for (int i = 0; i < z.Length; i++) zf[i] = (float)z[i];
        var (x, y) = SlidingWindows.Create(zf, lookback, o.Horizon);
        var data = new TensorDataset(x, y);
        int batch = Math.Min(o.Batch, data.Count);
        var batcher = new Batcher(data.Count, batch, shuffle: true, new Generator(o.Seed + 1));
        int epochs = o.Epochs ?? Math.Clamp((3000 + batcher.BatchesPerEpoch - 1) / batcher.BatchesPerEpoch, 20, 500);

        var network = forecaster.Network;
        var optimizer = new Adam(network.Parameters(), o.LearningRate);
        var trainer = new Trainer(network.NamedParameters(), optimizer) { ClipGradNorm = o.Clip, Progress = progress };
        trainer.Callbacks.Add(new StopOnCancel(cancel));
        var clock = Stopwatch.StartNew();
        network.Train();
        trainer.Run(epochs, _ => batcher.Epoch().Select(idx => data.Gather(idx)), b =>
        {
            var diff = network.Forward(b.X) - b.Y;
            return new StepResult((diff * diff).Mean(), b.X.Size(0));
        }, batchesPerEpoch: batcher.BatchesPerEpoch);
        double seconds = clock.Elapsed.TotalSeconds;
        network.Eval();
        string? reason = trainer.Context.StopReason;
        var report = forecaster.Evaluate(series, o.Test);
        double trainRmse = forecaster.TrainRmse(series, s);
        if (o.Out != null) forecaster.Save(o.Out);
        return new ForecastTrainingResult(forecaster, report, trainRmse, data.Count, trainer.Context.Epoch, seconds, reason);
    }

    /// <summary>Ctrl-C: stop after the current batch; the model so far is still scored and saved (no checkpoint: training takes seconds).</summary>
    private sealed class StopOnCancel(CancellationToken token) : Callback
    {
        public override void OnBatchEnd(TrainingContext context, int batch, double loss)
        {
            if (!token.IsCancellationRequested) return;
            context.StopTraining = true;
            context.StopReason = "interrupted (Ctrl-C): the model so far is scored and saved";
        }
    }

    /// <summary>A one-line description of a run's settings, e.g. for logs.</summary>
    public static string Describe(Forecaster f) => string.Create(CultureInfo.InvariantCulture,
        $"{f.Config.Rnn.Kind} {f.Config.Rnn.NumLayers}x{f.Config.Rnn.HiddenSize}, lookback {f.Config.Lookback}, horizon {f.Config.Horizon}" +
        $"{(f.Config.Transform.Log ? ", log" : "")}{(f.Config.Transform.Difference > 0 ? $", difference {f.Config.Transform.Difference}" : "")}");
}
