// IndexSelect: torch.index_select. The entries of x at the given indices along one axis, in the given order
// (indices may repeat): x viewed as [outer, n, inner] gives y [outer, k, inner] with
// y[o, j, :] = x[o, indices[j], :]. Backward: each row of dY is added into the row of dX it came from, so a
// repeated index collects the sum.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class IndexSelectFunction : Node
{
    private readonly int _outer, _size, _inner;
    private readonly int[] _indices;

    private IndexSelectFunction(Tensor x, int outer, int size, int inner, int[] indices) : base(x)
    {
        (_outer, _size, _inner) = (outer, size, inner);
        _indices = indices;
    }

    public override string Name => "IndexSelectBackward";

    internal static Tensor Forward(Tensor x, int axis, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0)
            throw new ArgumentException($"index_select(): a zero-dimensional tensor (shape {Shapes.Format(x.Shape)}) has no axis to select from.");
        int ax = Shapes.NormalizeAxis(axis, x.Rank, "index_select");
        var (outer, size, inner) = Shapes.AroundAxis(x.Shape, ax);
        foreach (int i in indices)
            if (i < 0 || i >= size)
                throw new IndexOutOfRangeException($"index_select(): index {i} is out of bounds for dimension {ax} with size {size}");
        int k = indices.Length;
        var shape = x.ShapeArray;
        shape[ax] = k;
        var y = Tensor.Uninitialized(shape);
        var src = x.ReadOnlyData;
        var dst = y.Data;
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < k; j++)
                src.Slice((o * size + indices[j]) * inner, inner).CopyTo(dst.Slice((o * k + j) * inner, inner));
        new IndexSelectFunction(x, outer, size, inner, indices.ToArray()).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var dX = context.GradInput(0);
        int k = _indices.Length, inner = _inner;
        for (int o = 0; o < _outer; o++)
            for (int j = 0; j < k; j++)
            {
                var dst = dX.Slice((o * _size + _indices[j]) * inner, inner);
                TensorPrimitives.Add(dst, g.Slice((o * k + j) * inner, inner), dst);
            }
    }
}
