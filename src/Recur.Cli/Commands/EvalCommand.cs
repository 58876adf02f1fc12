// `recur eval --model M --data FILE [--json]`: the model file names its task; the task's evaluator
// computes the same figures its train command reports, on any file of that task's format.
using System.CommandLine;
using Recur.Applications;

namespace Recur.Cli.Commands;

internal static class EvalCommand
{
    /// <summary>Evaluates a loaded model on a data path, writing its report (and a JSON line when asked).</summary>
    internal delegate void Evaluator(TaskModel model, string data, TextWriter output, bool json);

    /// <summary>Task name to evaluator. Each application adds its own entry (one line per task).</summary>
    private static readonly Dictionary<string, Evaluator> Evaluators = new(StringComparer.Ordinal)
    {
        ["classify"] = ClassifyCommand.Evaluate,
        [Recur.Applications.Forecasting.Forecaster.Task] = ForecastEvaluator.Evaluate,
        ["charlm"] = CharLmCommand.Evaluate,
        ["speech"] = SpeechCommand.Evaluate,
        [Recur.Applications.Tagging.Tagger.TaskName] = TagCommand.Evaluate,
        ["translate"] = TranslateCommand.Evaluate,
    };

    internal static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A model written by a `recur train` application command.", Required = true };
        var data = new Option<string>("--data") { Description = "Data in the task's format (text, labelled TSV/CSV, series CSV, ...).", Required = true };
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the figures." };
        var cmd = new Command("eval", "Evaluate a trained model on a data file of its task.") { model, data, json };
        cmd.SetAction(parse =>
        {
            var loaded = TaskModelFile.Load(parse.GetValue(model)!);
            if (!Evaluators.TryGetValue(loaded.Task, out var evaluate))
                throw new InvalidDataException(
                    $"{loaded.Path} is a '{loaded.Task}' model, which `recur eval` does not know. Tasks it knows: {string.Join(", ", Evaluators.Keys.Order())}.");
            evaluate(loaded, parse.GetValue(data)!, parse.InvocationConfiguration.Output, parse.GetValue(json));
            return 0;
        });
        return cmd;
    }
}
