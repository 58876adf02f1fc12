// LossChecks: validation shared by the losses at their public edge, with PyTorch's wording where
// PyTorch has a check ("Target size (...) must be the same as input size (...)").
using Recur.Tensors;

namespace Recur.Losses;

internal static class LossChecks
{
    /// <summary>Throws unless prediction and target have the same shape (the elementwise losses).</summary>
    internal static void SameShape(string loss, Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (!Shapes.Equal(prediction.Shape, target.Shape))
            throw new ArgumentException(
                $"{loss}: Target size {Shapes.Format(target.Shape)} must be the same as input size {Shapes.Format(prediction.Shape)}.");
    }

    internal static void ValidReduction(Reduction reduction)
    {
        if (reduction is not (Reduction.Mean or Reduction.Sum or Reduction.None))
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Reduction must be Mean, Sum or None.");
    }
}
