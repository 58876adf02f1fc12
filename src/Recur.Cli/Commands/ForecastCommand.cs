// `recur forecast --model M --data FILE --steps S [--out F.csv]`: the S values after the end of the
// series in FILE (the model's column), as CSV: the dates continue the series' cadence, or a step index
// when the series has no dates. Without --out the CSV goes to standard output.
using System.CommandLine;
using Recur.Applications.Forecasting;
using Recur.Kernels;

namespace Recur.Cli.Commands;

internal static class ForecastCommand
{
    internal static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A model written by `recur train forecast`.", Required = true };
        var data = new Option<string>("--data") { Description = "CSV with the series to continue (the model's column).", Required = true };
        var steps = new Option<int>("--steps") { Description = "How many values to forecast after the end of the series.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "CSV file to write (default: standard output)." }.OutputFile();
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount }.Threads();
        var cmd = new Command("forecast", "Forecast the values after the end of a series with a trained forecasting model; writes CSV.") { model, data, steps, output, threads };
        cmd.SetAction(parse =>
        {
            Threading.MaxThreads = parse.GetValue(threads);
            int count = parse.GetValue(steps);
            if (count < 1) throw new ArgumentException($"--steps must be positive, got {count}.");
            var forecaster = Forecaster.Load(parse.GetValue(model)!);
            var series = forecaster.LoadSeries(parse.GetValue(data)!);
            var values = forecaster.Forecast(series.Values, count);
            string? path = parse.GetValue(output);
            if (path == null)
            {
                parse.InvocationConfiguration.Output.Write(ForecastCsv.Format(series, values));
            }
            else
            {
                ForecastCsv.Write(path, series, values);
                parse.InvocationConfiguration.Output.WriteLine($"{count} forecast(s) after {series.Count} values written to {path}");
            }
            return 0;
        });
        return cmd;
    }
}
