// ReduceLrOnPlateau: torch.optim.lr_scheduler.ReduceLROnPlateau (PyTorch 1.13). A metric better than
// best (rel: below best (1 - threshold) for "min", above best (1 + threshold) for "max"; abs: by threshold)
// resets the bad-epoch count; more than `patience` bad epochs multiply lr by `factor` (not below minLr,
// and only when the change exceeds eps), then `cooldown` epochs ignore bad epochs.
using Recur.IO;

namespace Recur.Optim;

/// <summary>Reduces the learning rate when a monitored metric stops improving; <see cref="LrScheduler.Step"/> requires the metric.</summary>
public sealed class ReduceLrOnPlateau : LrScheduler
{
    private readonly bool _max, _relative;

    /// <summary>Creates the schedule; <paramref name="mode"/> is "min" or "max", <paramref name="thresholdMode"/> "rel" or "abs".</summary>
    public ReduceLrOnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1, int patience = 10,
        double threshold = 1e-4, string thresholdMode = "rel", int cooldown = 0, double minLr = 0, double eps = 1e-8)
        : base(optimizer)
    {
        if (!(factor < 1.0)) throw new ArgumentException("Factor should be < 1.0.");
        if (!(factor >= 0)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be a non-negative number.");
        if (mode != "min" && mode != "max") throw new ArgumentException($"mode {mode} is unknown!");
        if (thresholdMode != "rel" && thresholdMode != "abs") throw new ArgumentException($"threshold mode {thresholdMode} is unknown!");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "patience must be non-negative.");
        if (cooldown < 0) throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, "cooldown must be non-negative.");
        if (!(minLr >= 0) || double.IsInfinity(minLr)) throw new ArgumentOutOfRangeException(nameof(minLr), minLr, "minLr must be a finite non-negative number.");
        if (!(threshold >= 0) || double.IsInfinity(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be a finite non-negative number.");
        if (!(eps >= 0) || double.IsInfinity(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be a finite non-negative number.");
        (Mode, Factor, Patience, Threshold, ThresholdMode, Cooldown, MinLr, Eps) =
            (mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        (_max, _relative) = (mode == "max", thresholdMode == "rel");
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>"min" (lower metric is better) or "max".</summary>
    public string Mode { get; }

    /// <summary>Multiplier applied to the rate on a plateau.</summary>
    public double Factor { get; }

    /// <summary>Bad epochs tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>Minimum improvement that counts (relative or absolute per <see cref="ThresholdMode"/>).</summary>
    public double Threshold { get; }

    /// <summary>"rel" or "abs".</summary>
    public string ThresholdMode { get; }

    /// <summary>Epochs after a reduction during which bad epochs are not counted.</summary>
    public int Cooldown { get; }

    /// <summary>Lower bound of the rate.</summary>
    public double MinLr { get; }

    /// <summary>Reductions smaller than this are skipped.</summary>
    public double Eps { get; }

    /// <summary>The best metric seen (±infinity before the first step).</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive epochs without improvement.</summary>
    public int NumBadEpochs { get; private set; }

    /// <summary>Epochs of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <inheritdoc/>
    protected override void OnStep(double? metric)
    {
        if (metric == null) throw new ArgumentException("ReduceLrOnPlateau.Step needs the monitored metric.", nameof(metric));
    }

    /// <inheritdoc/>
    protected override void Apply(double? metric)
    {
        double current = metric!.Value;
        if (IsBetter(current, Best))
        {
            Best = current;
            NumBadEpochs = 0;
        }
        else NumBadEpochs++;
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            NumBadEpochs = 0; // bad epochs during cooldown are ignored
        }
        if (NumBadEpochs > Patience)
        {
            double old = Optimizer.Lr, reduced = Math.Max(old * Factor, MinLr);
            if (old - reduced > Eps) Optimizer.Lr = (float)reduced;
            CooldownCounter = Cooldown;
            NumBadEpochs = 0;
        }
        LastLr = Optimizer.Lr;
    }

    private bool IsBetter(double a, double best) => (_max, _relative) switch
    {
        (false, true) => a < best * (1 - Threshold),
        (false, false) => a < best - Threshold,
        (true, true) => a > best * (Threshold + 1),
        (true, false) => a > best + Threshold,
    };

    /// <summary>Not used: the rate depends on the metric history, not the epoch.</summary>
    protected override float LrAt(long epoch) => Optimizer.Lr;

    /// <inheritdoc/>
    public override Dictionary<string, NdArray> StateDict()
    {
        var state = base.StateDict();
        state["best"] = StateDicts.Scalar(Best);
        state["num_bad_epochs"] = StateDicts.Scalar((long)NumBadEpochs);
        state["cooldown_counter"] = StateDicts.Scalar((long)CooldownCounter);
        return state;
    }

    /// <inheritdoc/>
    public override void LoadStateDict(IReadOnlyDictionary<string, NdArray> state)
    {
        StateDicts.Validate(GetType().Name, StateDict(), state);
        long bad = state["num_bad_epochs"].AsInt64()[0], cooldown = state["cooldown_counter"].AsInt64()[0];
        if (bad < 0 || bad > int.MaxValue || cooldown < 0 || cooldown > int.MaxValue)
            throw new ArgumentException($"Invalid num_bad_epochs ({bad}) or cooldown_counter ({cooldown}) in state.", nameof(state));
        base.LoadStateDict(state);
        Best = state["best"].AsFloat64()[0];
        (NumBadEpochs, CooldownCounter) = ((int)bad, (int)cooldown);
    }
}
