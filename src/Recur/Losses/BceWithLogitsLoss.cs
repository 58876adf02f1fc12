// BceWithLogitsLoss: torch.nn.BCEWithLogitsLoss, sigmoid and binary cross-entropy in one stable node:
// l = max(x, 0) - x y + log(1 + e^-|x|), and with pos_weight p: l = (1 - y) x + (1 + (p - 1) y) softplus(-x).
// Input and target have the same (any) shape; posWeight has one entry per class (the last axis) or one.
using Recur.Autograd.Functions;
using Recur.Tensors;

namespace Recur.Losses;

/// <summary>
/// Binary cross-entropy from logits (torch.nn.BCEWithLogitsLoss): for logit x and target y in [0, 1],
/// l = (1 - y) x + (1 + (p - 1) y) log(1 + e^-x), with p the positive weight of x's class (1 without one),
/// computed stably; reduced by <see cref="Reduction"/>.
/// </summary>
public sealed class BceWithLogitsLoss : ILoss
{
    /// <summary>
    /// Creates the loss. <paramref name="posWeight"/> (optional, [C] or [1]) weighs the positive term per
    /// class, C being the size of the input's last axis; it may require grad.
    /// </summary>
    public BceWithLogitsLoss(Reduction reduction = Reduction.Mean, Tensor? posWeight = null)
    {
        LossChecks.ValidReduction(reduction);
        if (posWeight != null && posWeight.Rank > 1)
            throw new ArgumentException(
                $"BceWithLogitsLoss: posWeight must be a vector with one entry per class; got shape {Shapes.Format(posWeight.Shape)}.", nameof(posWeight));
        Reduction = reduction;
        PosWeight = posWeight;
    }

    /// <summary>How the per-element values are reduced.</summary>
    public Reduction Reduction { get; }

    /// <summary>The positive weight per class ([C] or [1]), or null.</summary>
    public Tensor? PosWeight { get; }

    /// <inheritdoc/>
    public string Name => "bce_with_logits";

    /// <summary>
    /// The loss of logits <paramref name="prediction"/> against <paramref name="target"/> (both of shape S,
    /// the targets usually 0/1). Returns [] for Mean/Sum, S for None.
    /// </summary>
    public Tensor Compute(Tensor prediction, Tensor target)
    {
        LossChecks.SameShape("BceWithLogitsLoss", prediction, target);
        if (PosWeight != null)
        {
            int classes = prediction.Rank == 0 ? 1 : prediction.Shape[^1];
            if (PosWeight.Length != 1 && PosWeight.Length != classes)
                throw new ArgumentException(
                    $"BceWithLogitsLoss: posWeight of shape {Shapes.Format(PosWeight.Shape)} must have one entry per class " +
                    $"(the input's last axis, {classes}) or a single entry; input shape {Shapes.Format(prediction.Shape)}.");
        }
        return BceWithLogitsLossFunction.Forward(prediction, target, PosWeight, Reduction);
    }
}
