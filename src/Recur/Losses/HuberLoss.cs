// HuberLoss: torch.nn.HuberLoss. With d = x - y: l = 0.5 d^2 where |d| < delta, else
// delta (|d| - 0.5 delta); quadratic near zero, linear (gradient +-delta) beyond. delta > 0.
// Prediction and target have the same (any) shape; both may require grad.
using Recur.Autograd.Functions;
using Recur.Tensors;

namespace Recur.Losses;

/// <summary>
/// Huber loss (torch.nn.HuberLoss): with d = x - y, l = 0.5 d^2 if |d| &lt; delta, else delta (|d| - 0.5 delta),
/// reduced by <see cref="Reduction"/>.
/// </summary>
public sealed class HuberLoss : ILoss
{
    /// <summary>Creates the loss; <paramref name="delta"/> (default 1) must be positive and finite.</summary>
    public HuberLoss(float delta = 1f, Reduction reduction = Reduction.Mean)
    {
        if (!(delta > 0f) || float.IsInfinity(delta))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "HuberLoss does not support non-positive values for delta.");
        LossChecks.ValidReduction(reduction);
        Delta = delta;
        Reduction = reduction;
    }

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public float Delta { get; }

    /// <summary>How the per-element values are reduced.</summary>
    public Reduction Reduction { get; }

    /// <inheritdoc/>
    public string Name => "huber";

    /// <summary>
    /// The loss of <paramref name="prediction"/> against <paramref name="target"/>, both of any shape S
    /// (the same). Returns [] for Mean/Sum, S for None.
    /// </summary>
    public Tensor Compute(Tensor prediction, Tensor target)
    {
        LossChecks.SameShape("HuberLoss", prediction, target);
        return HuberLossFunction.Forward(prediction, target, Delta, Reduction);
    }
}
