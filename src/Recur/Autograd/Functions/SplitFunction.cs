// Split: cuts a tensor along one axis into parts of the given sizes (copies). One node with one output
// per part; x is viewed as [outer, n, inner] and part j as [outer, sizes[j], inner]. Backward: each
// output's gradient (zeros for an unused output) is added into its rows of dX.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class SplitFunction : Node
{
    private readonly int _outer, _n, _inner;
    private readonly int[] _sizes;

    private SplitFunction(Tensor x, int outer, int n, int inner, int[] sizes) : base(x)
    {
        (_outer, _n, _inner) = (outer, n, inner);
        _sizes = sizes;
    }

    public override string Name => "SplitBackward";

    internal static Tensor[] Forward(Tensor x, int[] sizes, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(sizes);
        if (x.Rank == 0)
            throw new ArgumentException($"split: a zero-dimensional tensor (shape {Shapes.Format(x.Shape)}) cannot be split.", nameof(x));
        int ax = Shapes.NormalizeAxis(axis, x.Rank, "split");
        var (outer, n, inner) = Shapes.AroundAxis(x.Shape, ax);
        long sum = 0;
        bool negative = false;
        foreach (int s in sizes)
        {
            negative |= s < 0;
            sum += s;
        }
        if (sizes.Length == 0 || negative || sum != n)
            throw new ArgumentException(
                $"split: sizes {Shapes.Format(sizes)} must be non-negative and sum to {n}, the size of dimension {ax} of shape {Shapes.Format(x.Shape)}.",
                nameof(sizes));
        var outputs = new Tensor[sizes.Length];
        var src = x.ReadOnlyData;
        int at = 0;
        for (int j = 0; j < sizes.Length; j++)
        {
            var shape = x.ShapeArray;
            shape[ax] = sizes[j];
            var part = Tensor.Uninitialized(shape);
            var dst = part.Data;
            int row = sizes[j] * inner;
            for (int o = 0; o < outer; o++)
                src.Slice((o * n + at) * inner, row).CopyTo(dst.Slice(o * row, row));
            outputs[j] = part;
            at += sizes[j];
        }
        new SplitFunction(x, outer, n, inner, (int[])sizes.Clone()).Attach(outputs);
        return outputs;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsGrad(0)) return;
        var dX = context.GradInput(0);
        int at = 0, inner = _inner;
        for (int j = 0; j < _sizes.Length; j++)
        {
            int row = _sizes[j] * inner;
            if (context.HasGradOutput(j)) // an unused output contributes zeros: skip it
            {
                var g = context.GradOutput(j);
                for (int o = 0; o < _outer; o++)
                {
                    var dst = dX.Slice((o * _n + at) * inner, row);
                    TensorPrimitives.Add(dst, g.Slice(o * row, row), dst);
                }
            }
            at += _sizes[j];
        }
    }
}
