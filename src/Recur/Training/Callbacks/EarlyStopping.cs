// EarlyStopping: stops training when a monitored figure has not improved by minDelta for `patience`
// epochs (Keras semantics); optionally restores the best epoch's weights when training ends, whether it
// stopped early or ran out of epochs (Keras 3's on_train_end).
using Recur.Text;

namespace Recur.Training;

/// <summary>Stops training when the monitored figure stops improving.</summary>
public sealed class EarlyStopping : Callback
{
    private readonly bool _max;
    private double _best;
    private int _wait;
    private float[][]? _bestWeights;

    /// <summary>Monitors <paramref name="monitor"/> (default val_loss).</summary>
    public EarlyStopping(string monitor = "val_loss", int patience = 0, double minDelta = 0, string mode = "auto", bool restoreBestWeights = false)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        (Monitor, Patience, MinDelta, RestoreBestWeights) = (monitor, patience, Math.Abs(minDelta), restoreBestWeights);
        _max = MonitorMode.Maximize(monitor, mode);
    }

    /// <summary>The figure watched.</summary>
    public string Monitor { get; }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>The smallest change that counts as improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether the best epoch's weights are put back when training ends (stopped early or not).</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>The epoch (0-based) with the best monitored figure so far, or null before the first.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>The epoch (0-based) at which training was stopped, or null.</summary>
    public int? StoppedEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        _best = _max ? double.NegativeInfinity : double.PositiveInfinity;
        _wait = 0;
        _bestWeights = null; // a reused callback must not restore another run's weights
        StoppedEpoch = null;
        BestEpoch = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double value = MonitorMode.Get(logs, Monitor);
        bool improved = _max ? value > _best + MinDelta : value < _best - MinDelta;
        if (improved)
        {
            _best = value;
            _wait = 0;
            BestEpoch = epoch;
            if (RestoreBestWeights) _bestWeights = context.Parameters.Select(p => p.Value.ToArray()).ToArray();
            return;
        }
        if (++_wait >= Patience)
        {
            StoppedEpoch = epoch;
            context.StopTraining = true;
            context.StopReason = $"early stopping: {Monitor} did not improve for {Counted.Of(_wait, "epoch")} (best {_best:G6})";
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(TrainingContext context)
    {
        if (_bestWeights == null) return;
        for (int i = 0; i < _bestWeights.Length; i++) _bestWeights[i].CopyTo(context.Parameters[i].Value.Data);
    }
}
