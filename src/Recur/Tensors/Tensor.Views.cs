// Tensor views and shape ops: reshape, indexing, slicing, transpose, concatenation and splitting, all
// differentiable. Reshape, indexing and contiguous slices share storage with the source (writes show
// through); the others copy.
using System.Runtime.CompilerServices;
using Recur.Autograd.Functions;

namespace Recur.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// A view of the same elements with a new shape (one entry may be -1, inferred from the others); it
    /// shares storage with this tensor.
    /// </summary>
    public Tensor Reshape(params int[] shape) => ReshapeFunction.Forward(this, shape);

    /// <summary>
    /// The sub-tensor at index <paramref name="i"/> of axis 0 (negative counts from the end): [N, ...] -> [...],
    /// a view sharing storage.
    /// </summary>
    [IndexerName("Select")]
    public Tensor this[int i] => SelectFunction.Forward(this, [i]);

    /// <summary>
    /// The sub-tensor at index (<paramref name="i"/>, <paramref name="j"/>) of axes 0 and 1 (negative counts from
    /// the end): [N, M, ...] -> [...], a view sharing storage.
    /// </summary>
    [IndexerName("Select")]
    public Tensor this[int i, int j] => SelectFunction.Forward(this, [i, j]);

    /// <summary>
    /// The elements [start, start + length) along <paramref name="axis"/> (negative axis and start count from the
    /// end): [..., n, ...] -> [..., length, ...]. A view sharing storage when every axis before
    /// <paramref name="axis"/> has size 1, otherwise a copy.
    /// </summary>
    public Tensor Slice(int axis, int start, int length) => SliceFunction.Forward(this, axis, start, length);

    /// <summary>
    /// The entries at <paramref name="indices"/> along <paramref name="axis"/>, in that order (torch.index_select):
    /// [..., n, ...] -> [..., k, ...] for k indices in [0, n), which may repeat (their gradients add up). A copy.
    /// </summary>
    public Tensor IndexSelect(int axis, ReadOnlySpan<int> indices) => IndexSelectFunction.Forward(this, axis, indices);

    /// <summary>The last two axes swapped: [..., M, N] -> [..., N, M] (a copy); needs rank >= 2.</summary>
    public Tensor Transpose() => TransposeFunction.Forward(this);

    /// <summary>
    /// Joins <paramref name="parts"/> along <paramref name="axis"/>: all parts have the same shape except on that
    /// axis, whose sizes add up.
    /// </summary>
    public static Tensor Concat(Tensor[] parts, int axis) => ConcatFunction.Forward(parts, axis);

    /// <summary>
    /// Cuts this tensor along <paramref name="axis"/> into parts of <paramref name="sizes"/> (which must sum to
    /// the axis size): part j has this shape with sizes[j] on that axis. The parts are copies.
    /// </summary>
    public Tensor[] Split(int[] sizes, int axis) => SplitFunction.Forward(this, sizes, axis);

    /// <summary>Exchanges two axes (a copy), e.g. [B, T, I] -> [T, B, I] with SwapAxes(0, 1).</summary>
    public Tensor SwapAxes(int axis0, int axis1) => SwapAxesFunction.Forward(this, axis0, axis1);
}
