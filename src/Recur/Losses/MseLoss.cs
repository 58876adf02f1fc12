// MseLoss: mean squared error, l_i = (x_i - y_i)^2, as torch.nn.MSELoss. Prediction and target have
// the same (any) shape; both may require grad. One fused node (MseLossFunction), not a chain of ops.
using Recur.Autograd.Functions;
using Recur.Tensors;

namespace Recur.Losses;

/// <summary>Mean squared error: l_i = (x_i - y_i)^2, reduced by <see cref="Reduction"/> (torch.nn.MSELoss).</summary>
public sealed class MseLoss : ILoss
{
    /// <summary>Creates the loss with the given reduction (default: mean over all elements).</summary>
    public MseLoss(Reduction reduction = Reduction.Mean)
    {
        LossChecks.ValidReduction(reduction);
        Reduction = reduction;
    }

    /// <summary>How the per-element values are reduced.</summary>
    public Reduction Reduction { get; }

    /// <inheritdoc/>
    public string Name => "mse";

    /// <summary>
    /// The loss of <paramref name="prediction"/> against <paramref name="target"/>, both of any shape S
    /// (the same). Returns [] for Mean/Sum, S for None.
    /// </summary>
    public Tensor Compute(Tensor prediction, Tensor target)
    {
        LossChecks.SameShape("MseLoss", prediction, target);
        return MseLossFunction.Forward(prediction, target, Reduction);
    }
}
