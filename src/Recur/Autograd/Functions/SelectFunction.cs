// Select: x[i] or x[i, j] along the leading axes (negative indices count from the end); the result is a
// view of the contiguous sub-tensor, shape x.Shape minus the indexed axes. Backward: the view's
// gradient is added into the matching block of dX.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class SelectFunction : Node
{
    private readonly int _start; // offset of the selected block inside x

    private SelectFunction(Tensor x, int start) : base(x) => _start = start;

    public override string Name => "SelectBackward";

    internal static Tensor Forward(Tensor x, ReadOnlySpan<int> index)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (index.Length > x.Rank)
            throw new ArgumentException(
                $"select: too many indices ({index.Length}) for a tensor of dimension {x.Rank} (shape {Shapes.Format(x.Shape)}).");
        var shape = x.Shape;
        int flat = 0;
        for (int axis = 0; axis < index.Length; axis++)
        {
            int size = shape[axis];
            int i = index[axis] < 0 ? index[axis] + size : index[axis];
            if (i < 0 || i >= size)
                throw new IndexOutOfRangeException($"index {index[axis]} is out of bounds for dimension {axis} with size {size}");
            flat = flat * size + i;
        }
        var outShape = shape[index.Length..].ToArray();
        int start = flat * Shapes.Count(outShape);
        var y = new Tensor(x.Storage, x.Offset + start, outShape);
        new SelectFunction(x, start).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var dst = context.GradInput(0).Slice(_start, g.Length);
        TensorPrimitives.Add(dst, g, dst);
    }
}
