// MaeLoss: mean absolute error (L1), l_i = |x_i - y_i|, as torch.nn.L1Loss; the gradient at x == y is 0
// (sign(0) = 0, as PyTorch). Prediction and target have the same (any) shape; both may require grad.
using Recur.Autograd.Functions;
using Recur.Tensors;

namespace Recur.Losses;

/// <summary>Mean absolute error: l_i = |x_i - y_i|, reduced by <see cref="Reduction"/> (torch.nn.L1Loss).</summary>
public sealed class MaeLoss : ILoss
{
    /// <summary>Creates the loss with the given reduction (default: mean over all elements).</summary>
    public MaeLoss(Reduction reduction = Reduction.Mean)
    {
        LossChecks.ValidReduction(reduction);
        Reduction = reduction;
    }

    /// <summary>How the per-element values are reduced.</summary>
    public Reduction Reduction { get; }

    /// <inheritdoc/>
    public string Name => "mae";

    /// <summary>
    /// The loss of <paramref name="prediction"/> against <paramref name="target"/>, both of any shape S
    /// (the same). Returns [] for Mean/Sum, S for None.
    /// </summary>
    public Tensor Compute(Tensor prediction, Tensor target)
    {
        LossChecks.SameShape("MaeLoss", prediction, target);
        return MaeLossFunction.Forward(prediction, target, Reduction);
    }
}
