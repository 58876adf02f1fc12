// TaskCallbacks: small callbacks of the built-in tasks: stop on cancellation (Ctrl-C) and stop once a
// validation figure reaches a target.
using Recur.Training;

namespace Recur.Tasks;

/// <summary>Stops training after the current batch when the token is cancelled (Ctrl-C).</summary>
public sealed class CancelCallback(CancellationToken token) : Callback
{
    /// <inheritdoc/>
    public override void OnBatchEnd(TrainingContext context, int batch, double loss)
    {
        if (!token.IsCancellationRequested) return;
        context.StopTraining = true;
        context.StopReason = "interrupted: a checkpoint was written; continue with --resume";
    }
}

/// <summary>Stops when a monitored figure is at or below a target.</summary>
public sealed class StopWhenBelow(string monitor, double target) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (logs.TryGetValue(monitor, out var v) && v <= target)
        {
            context.StopTraining = true;
            context.StopReason = $"{monitor} {v:G4} reached the target {target:G4}";
        }
    }
}
