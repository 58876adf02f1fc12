// Forecasting example: the library API behind `recur train forecast` and `recur forecast`. Trains an LSTM on
// the log-differenced airline passengers (first 67 % of the months), prints the test-span figures beside
// persistence and seasonal-naive, saves and reloads the model and forecasts the 12 months after the data.
//   dotnet run --project examples/Forecasting -c Release [-- path/to/airline-passengers.csv]
using Recur.Applications.Forecasting;
using Recur.Training;

string path = args.Length > 0 ? args[0] : RepoData.Path("airline-passengers", "airline-passengers.csv");
var series = TimeSeries.Load(path, column: "Passengers");                    // dates from the "Month" column, monthly
var options = new ForecastOptions { Log = true, Difference = 1, Test = TestSpan.Parse("0.33"), Seed = 1 };
var result = ForecastTrainer.Train(series, options, new PlainProgress(TextWriter.Null));
Console.WriteLine($"{ForecastTrainer.Describe(result.Forecaster)}: {result.Epochs} epochs in {result.Seconds:0.0} s");
Console.WriteLine(result.Test.ToTable("lstm"));                               // RMSE/MSE/MAE/MAPE vs the baselines

string modelPath = Path.Combine(Path.GetTempPath(), "airline-forecast.safetensors");
result.Forecaster.Save(modelPath);
var loaded = Forecaster.Load(modelPath);                                      // task "forecast", config + weights
double[] next = loaded.Forecast(series.Values, steps: 12);                    // beyond H = 1 it feeds back its forecasts
Console.Write(ForecastCsv.Format(series, next));                              // Month,Passengers / 1961-01,... 
File.Delete(modelPath);
