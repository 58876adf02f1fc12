// `recur train forecast --data FILE.csv --column NAME [--date-column D] [--lookback N] [--horizon H] ...
// --out M`: trains a recurrent forecaster (Applications/Forecasting/ForecastTrainer) on the first part of
// a series and prints its test-span RMSE, MSE, MAE and MAPE beside the persistence and seasonal-naive
// baselines; --json ends with one JSON line of the figures.
using System.CommandLine;
using System.Globalization;
using Recur.Applications.Forecasting;
using Recur.Kernels;
using Recur.Text;

namespace Recur.Cli.Commands;

internal static class TrainForecastCommand
{
    internal static Command Create()
    {
        var data = new Option<string>("--data") { Description = "CSV file with a header row: the series, oldest first.", Required = true };
        var column = new Option<string?>("--column") { Description = "The column to forecast (default: the only non-date column)." };
        var dateColumn = new Option<string?>("--date-column") { Description = "The date column (default: the first column holding dates; 'none': no dates)." };
        var lookback = new Option<int?>("--lookback") { Description = "Past values per window (default: the seasonal period when 2..52, else 30)." };
        var horizon = new Option<int>("--horizon") { Description = "Values forecast at once from each origin.", DefaultValueFactory = _ => 1 };
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: lstm, gru or rnn.", DefaultValueFactory = _ => "lstm" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size.", DefaultValueFactory = _ => 32 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the training windows (default: about 3,000 optimizer steps, 20..500 epochs)." };
        var batch = new Option<int>("--batch") { Description = "Windows per batch.", DefaultValueFactory = _ => 32 };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3f }.LearningRate();
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation and shuffling.", DefaultValueFactory = _ => 1UL };
        var log = new Option<bool>("--log") { Description = "Model the log of the series (positive series that grow by a percentage)." };
        var difference = new Option<int>("--difference") { Description = "Difference the (log) series 0, 1 or 2 times to remove a trend.", DefaultValueFactory = _ => 0 };
        var seasonal = new Option<int?>("--seasonal-period") { Description = "m of the seasonal-naive baseline (default from the dates: 12 monthly, 4 quarterly, 52 weekly, 365 daily, 24 hourly)." };
        var test = new Option<string>("--test") { Description = "Held-out end of the series: a fraction (0.33) or a number of values (7).", DefaultValueFactory = _ => "0.2" };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount }.Threads();
        var output = new Option<string?>("--out") { Description = "Where to write the trained model (safetensors)." }.OutputFile();
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the final figures." };
        var cmd = new Command("forecast", "Time-series forecasting: a recurrent network on a CSV column, scored on the end of the series beside persistence and seasonal-naive.")
        {
            data, column, dateColumn, lookback, horizon, cell, hidden, layers, epochs, batch, lr, seed, log, difference, seasonal, test, threads, output, json,
        };
        cmd.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            Threading.MaxThreads = parse.GetValue(threads);
            var options = new ForecastOptions
            {
                Lookback = parse.GetValue(lookback),
                Horizon = parse.GetValue(horizon),
                Cell = parse.GetValue(cell)!,
                Hidden = parse.GetValue(hidden),
                Layers = parse.GetValue(layers),
                Epochs = parse.GetValue(epochs),
                Batch = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                Seed = parse.GetValue(seed),
                Log = parse.GetValue(log),
                Difference = parse.GetValue(difference),
                SeasonalPeriod = parse.GetValue(seasonal),
                Test = TestSpan.Parse(parse.GetValue(test)!),
                Out = parse.GetValue(output),
            };
            var series = TimeSeries.Load(parse.GetValue(data)!, parse.GetValue(column), parse.GetValue(dateColumn));
            writer.WriteLine(Describe(series));
            using var ctrlC = new CtrlCCancellation();
            var r = TrainingUi.Run(writer, p => ForecastTrainer.Train(series, options, p, ctrlC.Token));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ForecastTrainer.Describe(r.Forecaster)}: {Counted.Of(r.Windows, "training window")}, {Counted.Of(r.Epochs, "epoch")} in {r.Seconds:0.0} s; train RMSE {r.TrainRmse:0.0000}"));
            writer.WriteLine(r.Test.ToTable(r.Forecaster.Config.Rnn.Kind));
            if (options.Out != null) writer.WriteLine($"model written to {options.Out}");
            if (parse.GetValue(json)) writer.WriteLine(r.ToJson());
            return 0;
        });
        return cmd;
    }

    /// <summary>"data.csv: 144 values of 'Passengers', monthly from 1949-01 to 1960-12 ('Month')".</summary>
    internal static string Describe(TimeSeries s) =>
        s.Dates != null && s.Cadence != null
            ? $"{s.Source}: {s.Count} values of '{s.Column}', {s.Cadence.Name} from {s.Cadence.FormatDate(s.Dates[0])} to {s.Cadence.FormatDate(s.Dates[^1])} ('{s.DateColumn}')"
            : $"{s.Source}: {s.Count} values of '{s.Column}' (no date column)";
}
