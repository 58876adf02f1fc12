// TaskCallbacks: small callbacks of the built-in tasks: stop on cancellation (Ctrl-C) and stop once a
// validation figure reaches a target.
using Recur.Training;

namespace Recur.Tasks;

/// <summary>
/// Stops training after the current batch when the token is cancelled (Ctrl-C). <paramref name="checkpointed"/>:
/// whether the run writes a checkpoint to resume from (the stop reason says so only then).
/// </summary>
public sealed class CancelCallback(CancellationToken token, bool checkpointed = false) : Callback
{
    /// <inheritdoc/>
    public override void OnBatchEnd(TrainingContext context, int batch, double loss)
    {
        if (!token.IsCancellationRequested) return;
        context.StopTraining = true;
        context.StopReason = checkpointed
            ? "interrupted (Ctrl-C): a checkpoint was written; continue with --resume"
            : "interrupted (Ctrl-C): the model so far is scored and saved";
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
