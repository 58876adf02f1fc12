// Concat: joins tensors along one axis; all other axes must match. Each part is viewed as
// [outer, len_p, inner] and its rows are copied into [outer, sum(len_p), inner]. Backward: each part's
// gradient is the matching rows of dY.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class ConcatFunction : Node
{
    private readonly int _outer, _inner, _total;
    private readonly int[] _lengths; // axis size of each part

    private ConcatFunction(Tensor[] parts, int outer, int inner, int total, int[] lengths) : base(parts)
    {
        (_outer, _inner, _total) = (outer, inner, total);
        _lengths = lengths;
    }

    public override string Name => "ConcatBackward";

    internal static Tensor Forward(Tensor[] parts, int axis)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
            throw new ArgumentException("concat: expected a non-empty array of tensors.", nameof(parts));
        var first = parts[0] ?? throw new ArgumentNullException(nameof(parts), "concat: part 0 is null.");
        if (first.Rank == 0)
            throw new ArgumentException($"concat: zero-dimensional tensor (shape {Shapes.Format(first.Shape)}) cannot be concatenated.", nameof(parts));
        int ax = Shapes.NormalizeAxis(axis, first.Rank, "concat");
        var lengths = new int[parts.Length];
        int total = 0;
        for (int p = 0; p < parts.Length; p++)
        {
            var part = parts[p] ?? throw new ArgumentNullException(nameof(parts), $"concat: part {p} is null.");
            bool match = part.Rank == first.Rank;
            for (int i = 0; match && i < first.Rank; i++)
                match = i == ax || part.Shape[i] == first.Shape[i];
            if (!match)
                throw new ArgumentException(
                    $"concat: sizes of tensors must match except in dimension {ax}, but part 0 has shape {Shapes.Format(first.Shape)} " +
                    $"and part {p} has shape {Shapes.Format(part.Shape)}.", nameof(parts));
            lengths[p] = part.Shape[ax];
            total += lengths[p];
        }
        var (outer, _, inner) = Shapes.AroundAxis(first.Shape, ax);
        var outShape = first.ShapeArray;
        outShape[ax] = total;
        var y = Tensor.Uninitialized(outShape);
        var dst = y.Data;
        int at = 0;
        for (int p = 0; p < parts.Length; p++)
        {
            var src = parts[p].ReadOnlyData;
            int row = lengths[p] * inner;
            for (int o = 0; o < outer; o++)
                src.Slice(o * row, row).CopyTo(dst.Slice((o * total + at) * inner, row));
            at += lengths[p];
        }
        new ConcatFunction((Tensor[])parts.Clone(), outer, inner, total, lengths).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        var g = context.GradOutput();
        int at = 0, inner = _inner;
        for (int p = 0; p < _lengths.Length; p++)
        {
            int row = _lengths[p] * inner;
            if (context.NeedsGrad(p))
            {
                var dX = context.GradInput(p);
                for (int o = 0; o < _outer; o++)
                {
                    var dst = dX.Slice(o * row, row);
                    TensorPrimitives.Add(dst, g.Slice((o * _total + at) * inner, row), dst);
                }
            }
            at += _lengths[p];
        }
    }
}
