// ILoss: the contract every loss in Recur.Losses fulfils, so a trainer can hold any of them (and
// Loss.FromName can return one by its name). Compute records an autograd graph when its prediction
// requires grad; the result is a scalar for Reduction.Mean/Sum and elementwise for Reduction.None.
using Recur.Tensors;

namespace Recur.Losses;

/// <summary>A differentiable loss between a prediction and a target.</summary>
public interface ILoss
{
    /// <summary>The loss's name as <see cref="Loss.FromName"/> accepts it (e.g. "mse", "cross_entropy").</summary>
    string Name { get; }

    /// <summary>
    /// The loss of <paramref name="prediction"/> against <paramref name="target"/>: shape [] for
    /// <see cref="Reduction.Mean"/> and <see cref="Reduction.Sum"/>, per element (per position for
    /// cross-entropy) for <see cref="Reduction.None"/>. Each loss documents the shapes it accepts.
    /// </summary>
    Tensor Compute(Tensor prediction, Tensor target);
}
