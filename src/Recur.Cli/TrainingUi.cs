// TrainingUi: chooses how training progress is shown: a Spectre.Console progress bar (loss, metrics,
// throughput, ETA) on an interactive terminal, plain lines (Training/PlainProgress) when output is
// redirected or captured.
using Recur.Training;
using Spectre.Console;

namespace Recur.Cli;

internal static class TrainingUi
{
    /// <summary>Runs <paramref name="run"/> with a progress reporter suited to <paramref name="output"/>.</summary>
    internal static T Run<T>(TextWriter output, Func<IProgressReporter, T> run)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return run(new PlainProgress(output));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => result = run(new SpectreProgress(ctx)));
        return result;
    }

    private sealed class SpectreProgress(ProgressContext context) : IProgressReporter
    {
        private ProgressTask? _task;
        private int _epochs;

        public void EpochStarted(int epoch, int epochs, int? batches)
        {
            _epochs = epochs;
            _task = context.AddTask($"epoch {PlainProgress.EpochText(epoch, epochs)}", maxValue: batches ?? 1);
            if (batches == null) _task.IsIndeterminate = true;
        }

        public void BatchEnded(int batch, IReadOnlyDictionary<string, double> running, double samplesPerSecond, TimeSpan? eta)
        {
            if (_task == null) return;
            _task.Value = Math.Min(batch + 1, _task.MaxValue);
            _task.Description = Markup.Escape($"epoch {_task.Description.Split(' ')[1]} {Figures(running)} {samplesPerSecond:0}/s");
        }

        public void EpochEnded(int epoch, IReadOnlyDictionary<string, double> logs, TimeSpan elapsed)
        {
            if (_task == null) return;
            _task.Value = _task.MaxValue;
            _task.Description = Markup.Escape($"epoch {PlainProgress.EpochText(epoch, _epochs)} {Figures(logs)}");
            _task.StopTask();
        }

        public void Finished(string? reason)
        {
            _task?.StopTask();
            if (reason != null) AnsiConsole.MarkupLine(Markup.Escape(reason));
        }

        private static string Figures(IReadOnlyDictionary<string, double> figures)
        {
            var sb = new System.Text.StringBuilder();
            PlainProgress.Append(sb, figures);
            return sb.ToString();
        }
    }
}
