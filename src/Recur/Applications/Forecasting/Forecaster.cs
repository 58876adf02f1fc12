// Forecaster: a trained forecasting model: recurrent layer -> last step (of each direction) -> Linear(H, hidden -> H) over
// windows of the transformed series (SeriesTransform), x [B, L, 1] -> z [B, H]. It forecasts the H values
// after any origin from the L (+ d) values up to it, scores itself on a test span beside the persistence and
// seasonal-naive baselines, forecasts any number of steps past the end of a series (feeding its own
// forecasts back beyond H) and saves to / loads from one task model file (task "forecast").
using Recur.Autograd;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Applications.Forecasting;

/// <summary>A recurrent network with its series transform and column names.</summary>
public sealed class Forecaster
{
    /// <summary>The task name in model files.</summary>
    public const string Task = "forecast";

    /// <summary>Builds an untrained network for <paramref name="config"/>, parameters drawn from <paramref name="generator"/>.</summary>
    public Forecaster(ForecastConfig config, Generator? generator = null)
    {
        Config = config ?? throw new ArgumentNullException(nameof(config));
        var rnn = config.Rnn.Create(generator);
        if (!rnn.BatchFirst || rnn.InputSize != 1)
            throw new ArgumentException("A forecaster's recurrent layer reads batch-first windows of 1 feature.");
        Network = new Sequential(rnn, new LastTimeStep(rnn.Bidirectional && config.EachDirectionAtItsEnd), new Linear(rnn.HOut * rnn.Directions, config.Horizon, generator: generator));
    }

    /// <summary>The configuration (columns, window sizes, transform).</summary>
    public ForecastConfig Config { get; }

    /// <summary>The network: x [B, L, 1] -> z [B, H] on the transformed scale.</summary>
    public Sequential Network { get; }

    /// <summary>L + d: the values needed before (and including) an origin.</summary>
    public int HistoryNeeded => Config.Lookback + Config.Transform.Difference;

    /// <summary>Writes the model file (task "forecast"), atomically.</summary>
    public void Save(string path) => TaskModelFile.Save(path, Task, Config.ToJson(), Network);

    /// <summary>Reads a model file; a model of another task is a clear <see cref="InvalidDataException"/>.</summary>
    public static Forecaster Load(string path) => FromTaskModel(TaskModelFile.Load(path));

    /// <summary>Rebuilds a forecaster from a loaded task model.</summary>
    public static Forecaster FromTaskModel(TaskModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Expect(Task);
        var f = model.Build(() => new Forecaster(ForecastConfig.FromJson(model.ConfigJson, model.Path)));
        model.LoadInto(f.Network);
        return f;
    }

    /// <summary>Reads this model's columns from a CSV file (the column names it was trained with).</summary>
    public TimeSeries LoadSeries(string path) => TimeSeries.LoadForModel(path, Config.Column, Config.DateColumn);

    /// <summary>
    /// Forecasts from each origin: result[k][h-1] is the forecast of values[origins[k] + h], h = 1..H, made from
    /// values[.. origins[k]] only. Every origin needs origin + 1 &gt;= L + d.
    /// </summary>
    public double[][] PredictFrom(ReadOnlySpan<double> values, IReadOnlyList<int> origins)
    {
        ArgumentNullException.ThrowIfNull(origins);
        int l = Config.Lookback, d = Config.Transform.Difference, h = Config.Horizon;
        var result = new double[origins.Count][];
        if (origins.Count == 0) return result;
        int last = origins.Max();
        var z = Config.Transform.Apply(values[..(last + 1)]);
        var x = Tensor.Zeros(origins.Count, l, 1);
        var xd = x.Data;
        for (int k = 0; k < origins.Count; k++)
        {
            int o = origins[k];
            if (o + 1 < l + d || o >= values.Length)
                throw new ArgumentException($"Forecasting after value {o + 1} needs {l + d} values up to it (lookback {l}{(d > 0 ? $" + {d} difference(s)" : "")}).");
            for (int i = 0; i < l; i++) xd[k * l + i] = (float)z[o - d - l + 1 + i];
        }
        float[] output;
        bool training = Network.Training;
        Network.Eval();
        using (GradMode.NoGrad()) output = Network.Forward(x).ToArray();
        Network.Train(training);
        for (int k = 0; k < origins.Count; k++)
            result[k] = Config.Transform.Invert(values[..(origins[k] + 1)], output.AsSpan(k * h, h));
        return result;
    }

    /// <summary>
    /// The next <paramref name="steps"/> values after the end of <paramref name="values"/>. Beyond H the
    /// forecasts are appended to the history and the network is run again (recursive multi-step).
    /// </summary>
    public double[] Forecast(ReadOnlySpan<double> values, int steps)
    {
        if (steps < 1) throw new ArgumentException($"--steps must be positive, got {steps}.");
        if (values.Length < HistoryNeeded)
            throw new ArgumentException($"Forecasting needs at least {HistoryNeeded} values (lookback {Config.Lookback}{(Config.Transform.Difference > 0 ? $" + {Config.Transform.Difference} difference(s)" : "")}); the series has {values.Length}.");
        var history = new List<double>(values.Length + steps);
        foreach (var v in values) history.Add(v);
        var result = new List<double>(steps);
        // Each round reads only the last L + d values (the window and what differencing and its inverse use),
        // so a long forecast costs linear time, not the whole growing history per round; the values and so
        // the bits are the same (differencing and standardising are local, elementwise).
        int need = HistoryNeeded;
        var tail = new double[need];
        while (result.Count < steps)
        {
            history.CopyTo(history.Count - need, tail, 0, need);
            var next = PredictFrom(tail, [need - 1])[0];
            foreach (var v in next.Take(steps - result.Count))
            {
                result.Add(v);
                history.Add(v);
            }
        }
        return [.. result];
    }

    /// <summary>
    /// Scores the forecaster on the test span of <paramref name="series"/> (<paramref name="test"/>, default: the
    /// model's own): every test value t is forecast from origins t-1 .. t-H with the true history, beside
    /// persistence and seasonal-naive forecasts of the same pairs.
    /// </summary>
    public ForecastReport Evaluate(TimeSeries series, TestSpan? test = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var span = test ?? TestSpan.Parse(Config.Test);
        int n = series.Count, s = span.TrainLength(n), h = Config.Horizon;
        if (s <= 0 || s >= n)
            throw new ArgumentException($"{series.Source}: --test {span} leaves {Math.Max(s, 0)} training and {n - Math.Max(s, 0)} test values of {n}; both spans need values.");
        if (s - h + 1 < HistoryNeeded)
            throw new ArgumentException(
                $"{series.Source}: too little data before the test span: its first value (number {s + 1}) is forecast from {h} step(s) back, which needs {HistoryNeeded + h - 1} earlier values (lookback {Config.Lookback}" +
                $"{(Config.Transform.Difference > 0 ? $" + {Config.Transform.Difference} difference(s)" : "")}{(h > 1 ? $" + horizon {h} - 1" : "")}), but there are {s}. Use a longer series or a shorter test span.");
        return Score(series, s, s, n);
    }

    /// <summary>The forecaster's RMSE on the training span (every target that has L + d values before it).</summary>
    public double TrainRmse(TimeSeries series, int trainLength)
    {
        ArgumentNullException.ThrowIfNull(series);
        return trainLength > HistoryNeeded ? Score(series, trainLength, HistoryNeeded, trainLength).Model.Rmse : double.NaN;
    }

    /// <summary>Scores every (target, horizon) pair with targets in [from, to), from origins of at least L + d values.</summary>
    private ForecastReport Score(TimeSeries series, int trainLength, int from, int to)
    {
        var y = series.Values;
        int h = Config.Horizon, minOrigin = HistoryNeeded - 1;
        var origins = new List<int>();
        for (int o = Math.Max(from - h, minOrigin); o <= to - 2; o++) origins.Add(o);
        var forecasts = PredictFrom(y.AsSpan(0, to), origins);
        var model = new ErrorSummary();
        var persistence = new ErrorSummary();
        var seasonal = new ErrorSummary();
        var byStep = new ErrorSummary[h];
        for (int i = 0; i < h; i++) byStep[i] = new ErrorSummary();
        int? m = Config.SeasonalPeriod;
        bool seasonalOk = m is > 0;
        for (int k = 0; k < origins.Count; k++)
        {
            int o = origins[k];
            for (int step = 1; step <= h; step++)
            {
                int t = o + step;
                if (t < from || t >= to) continue;
                model.Add(y[t], forecasts[k][step - 1]);
                byStep[step - 1].Add(y[t], forecasts[k][step - 1]);
                persistence.Add(y[t], y[o]);
                if (seasonalOk)
                {
                    int back = t - m!.Value * ((step + m.Value - 1) / m.Value);
                    if (back >= 0) seasonal.Add(y[t], y[back]);
                    else seasonalOk = false;
                }
            }
        }
        int lag = MaseLag(m, trainLength);
        double scale = NaiveScale(y, trainLength, lag);
        return new ForecastReport(series.Source, to, trainLength, h, model.Count, Label(series, from), Label(series, to - 1),
            ForecastFigures.From(model, scale), ForecastFigures.From(persistence, scale), seasonalOk ? ForecastFigures.From(seasonal, scale) : null,
            m, byStep.Select(b => b.Rmse).ToArray(), scale, lag);
    }

    /// <summary>
    /// MASE's lag, as in the M4 competition: the seasonal period when it is at most 24 (4 quarterly, 12 monthly,
    /// 24 hourly) and the training span holds more than one period; else 1 (M4 also used 1 for daily and weekly data).
    /// </summary>
    internal static int MaseLag(int? seasonalPeriod, int trainLength) =>
        seasonalPeriod is { } m && m > 1 && m <= 24 && trainLength > m ? m : 1;

    /// <summary>MASE's scale: mean |y[t] - y[t - lag]| over the values before the test span (NaN with too few).</summary>
    private static double NaiveScale(double[] y, int trainLength, int lag)
    {
        if (trainLength <= lag) return double.NaN;
        double sum = 0;
        for (int t = lag; t < trainLength; t++) sum += Math.Abs(y[t] - y[t - lag]);
        return sum / (trainLength - lag);
    }

    private static string Label(TimeSeries series, int index) =>
        series.Dates != null && series.Cadence != null ? series.Cadence.FormatDate(series.Dates[index]) : (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
