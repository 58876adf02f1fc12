// StepLr: torch.optim.lr_scheduler.StepLR in closed form, lr(e) = base_lr * gamma^floor(e / step_size).

namespace Recur.Optim;

/// <summary>Decays the learning rate by <see cref="Gamma"/> every <see cref="StepSize"/> epochs.</summary>
public sealed class StepLr : LrScheduler
{
    /// <summary>Creates the schedule; <paramref name="stepSize"/> must be positive.</summary>
    public StepLr(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "step_size must be positive.");
        if (!(gamma >= 0) || double.IsInfinity(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be a finite non-negative number.");
        (StepSize, Gamma) = (stepSize, gamma);
        ApplyInitial();
    }

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>Multiplicative factor per decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override float LrAt(long epoch) => (float)(BaseLr * Math.Pow(Gamma, epoch / StepSize));
}
