// LrScheduleCallback: steps an LR schedule at the end of every epoch, passing the monitored figure for
// reduce-on-plateau.
using Recur.Optim;

namespace Recur.Training;

/// <summary>Calls <see cref="LrScheduler.Step"/> once per epoch.</summary>
public sealed class LrScheduleCallback : Callback
{
    private readonly LrScheduler _scheduler;
    private readonly string? _monitor;

    /// <summary>Steps <paramref name="scheduler"/>; with <paramref name="monitor"/>, passes that figure.</summary>
    public LrScheduleCallback(LrScheduler scheduler, string? monitor = null)
    {
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        if (scheduler is ReduceLrOnPlateau && monitor is null)
            throw new ArgumentException("LrScheduleCallback: ReduceLrOnPlateau steps on a monitored figure; pass monitor: \"val_loss\" (or another figure in the logs).", nameof(monitor));
        // The scheduler's mode is PyTorch's (min by default); the callback knows the figure's name, so a
        // figure that improves the other way (val_accuracy with mode "min") is refused rather than cutting
        // the rate at every improvement.
        if (scheduler is ReduceLrOnPlateau plateau && MonitorMode.Direction(monitor!) is bool up && up != (plateau.Mode == "max"))
            throw new ArgumentException(
                $"LrScheduleCallback: '{monitor}' improves {(up ? "upwards" : "downwards")}, but the ReduceLrOnPlateau's mode is \"{plateau.Mode}\", " +
                $"so it would cut the learning rate as the figure improves; create it with mode: \"{(up ? "max" : "min")}\".", nameof(monitor));
        _monitor = monitor;
    }

    /// <summary>The figure passed to the scheduler each epoch, or null.</summary>
    public string? Monitor => _monitor;

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs) =>
        _scheduler.Step(_monitor == null ? null : MonitorMode.Get(logs, _monitor));
}
