// Slice: x narrowed to [start, start + length) along one axis (start may be negative). x is viewed as
// [outer, n, inner]; when outer == 1 the slice is contiguous and the result is a view sharing storage,
// otherwise its rows are copied. Backward: dY is added into the sliced rows of dX.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class SliceFunction : Node
{
    private readonly int _outer, _n, _inner, _start, _length;

    private SliceFunction(Tensor x, int outer, int n, int inner, int start, int length) : base(x)
        => (_outer, _n, _inner, _start, _length) = (outer, n, inner, start, length);

    public override string Name => "SliceBackward";

    internal static Tensor Forward(Tensor x, int axis, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0)
            throw new ArgumentException($"slice: a zero-dimensional tensor (shape {Shapes.Format(x.Shape)}) cannot be sliced.", nameof(x));
        int ax = Shapes.NormalizeAxis(axis, x.Rank, "slice");
        var (outer, n, inner) = Shapes.AroundAxis(x.Shape, ax);
        int s = start < 0 ? start + n : start;
        if (s < 0 || s > n)
            throw new ArgumentOutOfRangeException(nameof(start), start,
                $"slice: start {start} is out of range for dimension {ax} with size {n} (shape {Shapes.Format(x.Shape)}).");
        if (length < 0 || length > n - s)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"slice: start {start} + length {length} exceeds dimension {ax} with size {n} (shape {Shapes.Format(x.Shape)}).");
        var shape = x.ShapeArray;
        shape[ax] = length;
        Tensor y;
        if (outer == 1)
            y = new Tensor(x.Storage, x.Offset + s * inner, shape);
        else
        {
            y = Tensor.Uninitialized(shape);
            var src = x.ReadOnlyData;
            var dst = y.Data;
            int row = length * inner;
            for (int o = 0; o < outer; o++)
                src.Slice((o * n + s) * inner, row).CopyTo(dst.Slice(o * row, row));
        }
        new SliceFunction(x, outer, n, inner, s, length).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var dX = context.GradInput(0);
        int row = _length * _inner;
        for (int o = 0; o < _outer; o++)
        {
            var dst = dX.Slice((o * _n + _start) * _inner, row);
            TensorPrimitives.Add(dst, g.Slice(o * row, row), dst);
        }
    }
}
