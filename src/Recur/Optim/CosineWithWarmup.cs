// CosineWithWarmup: linear warm-up then cosine annealing (Goyal et al. 2017 warm-up; Loshchilov & Hutter
// 2017 SGDR without restarts). With base rate b, warm-up W, total T and floor m, at epoch e:
//   e < W:        lr = b e / W                                  (from 0 towards b)
//   W <= e <= T:  lr = m + (b - m) (1 + cos(pi (e - W) / (T - W))) / 2
//   e > T:        lr = m
// Not a PyTorch class; its golden is LambdaLR with this formula (tools/golden/make_optim_goldens.py).

namespace Recur.Optim;

/// <summary>Linear warm-up from 0 to the base rate over <see cref="WarmupSteps"/>, then cosine decay to <see cref="MinLr"/> at <see cref="TotalSteps"/>.</summary>
public sealed class CosineWithWarmup : LrScheduler
{
    /// <summary>Creates the schedule; needs 0 &lt;= warmupSteps &lt; totalSteps and minLr &gt;= 0.</summary>
    public CosineWithWarmup(Optimizer optimizer, int warmupSteps, int totalSteps, double minLr = 0) : base(optimizer)
    {
        if (warmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "warmupSteps must be non-negative.");
        if (totalSteps <= warmupSteps)
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"totalSteps must be greater than warmupSteps ({warmupSteps}).");
        if (!(minLr >= 0) || double.IsInfinity(minLr)) throw new ArgumentOutOfRangeException(nameof(minLr), minLr, "minLr must be a finite non-negative number.");
        (WarmupSteps, TotalSteps, MinLr) = (warmupSteps, totalSteps, minLr);
        ApplyInitial();
    }

    /// <summary>Epochs of linear warm-up (0: start at the base rate).</summary>
    public int WarmupSteps { get; }

    /// <summary>The epoch at which the cosine reaches <see cref="MinLr"/>.</summary>
    public int TotalSteps { get; }

    /// <summary>The rate after <see cref="TotalSteps"/>.</summary>
    public double MinLr { get; }

    /// <inheritdoc/>
    protected override float LrAt(long epoch)
    {
        if (epoch < WarmupSteps) return (float)((double)BaseLr * epoch / WarmupSteps);
        if (epoch > TotalSteps) return (float)MinLr;
        double progress = (double)(epoch - WarmupSteps) / (TotalSteps - WarmupSteps);
        return (float)(MinLr + (BaseLr - MinLr) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
