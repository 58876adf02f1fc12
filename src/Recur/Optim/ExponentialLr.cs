// ExponentialLr: torch.optim.lr_scheduler.ExponentialLR in closed form, lr(e) = base_lr * gamma^e.

namespace Recur.Optim;

/// <summary>Decays the learning rate by <see cref="Gamma"/> every epoch.</summary>
public sealed class ExponentialLr : LrScheduler
{
    /// <summary>Creates the schedule.</summary>
    public ExponentialLr(Optimizer optimizer, double gamma) : base(optimizer)
    {
        if (!(gamma >= 0) || double.IsInfinity(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be a finite non-negative number.");
        Gamma = gamma;
        ApplyInitial();
    }

    /// <summary>Multiplicative factor per epoch.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override float LrAt(long epoch) => (float)(BaseLr * Math.Pow(Gamma, epoch));
}
