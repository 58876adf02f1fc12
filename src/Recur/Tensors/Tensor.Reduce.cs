// Tensor reductions: sums and means over all elements or along one axis, differentiable.
using Recur.Autograd.Functions;

namespace Recur.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// The sum of all elements (<paramref name="axis"/> null: shape [], or all-ones of the same rank with
    /// <paramref name="keepDim"/>) or along one axis (negative counts from the end): [..., n, ...] -> [..., ...],
    /// or [..., 1, ...] with <paramref name="keepDim"/>.
    /// </summary>
    public Tensor Sum(int? axis = null, bool keepDim = false) => SumFunction.Forward(this, axis, keepDim);

    /// <summary>
    /// The mean of all elements or along one axis; shapes as <see cref="Sum"/>. The mean of zero elements is NaN.
    /// </summary>
    public Tensor Mean(int? axis = null, bool keepDim = false) => MeanFunction.Forward(this, axis, keepDim);
}
