// Sum: y = sum of x over all elements (-> scalar []) or over one axis (keepDim keeps it as size 1).
// The axis reduction runs on x viewed as [outer, n, inner] -> [outer, inner]. Backward: every element
// of x gets the gradient of the output it was summed into (dX[o, k, i] += dY[o, i]).
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class SumFunction : Node
{
    private readonly int _outer, _n, _inner;

    private SumFunction(Tensor x, int outer, int n, int inner) : base(x) => (_outer, _n, _inner) = (outer, n, inner);

    public override string Name => "SumBackward";

    internal static Tensor Forward(Tensor x, int? axis, bool keepDim)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outShape, outer, n, inner) = Plan(x, axis, keepDim, "sum");
        var y = Tensor.Uninitialized(outShape);
        SumAxis(x.ReadOnlyData, y.Data, outer, n, inner);
        new SumFunction(x, outer, n, inner).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsGrad(0))
            SpreadAxis(context.GradOutput(), context.GradInput(0), _outer, _n, _inner, 1f);
    }

    /// <summary>
    /// The output shape of a reduction of <paramref name="x"/> over <paramref name="axis"/> (null: all
    /// elements) and the [outer, n, inner] view of x around the reduced axis.
    /// </summary>
    internal static (int[] OutShape, int Outer, int N, int Inner) Plan(Tensor x, int? axis, bool keepDim, string op)
    {
        int rank = x.Rank;
        if (axis is not { } requested)
        {
            var all = new int[keepDim ? rank : 0];
            Array.Fill(all, 1);
            return (all, 1, x.Length, 1);
        }
        int ax = Shapes.NormalizeAxis(requested, rank, op);
        if (rank == 0) return ([], 1, 1, 1);
        var (outer, n, inner) = Shapes.AroundAxis(x.Shape, ax);
        var shape = x.ShapeArray;
        int[] outShape;
        if (keepDim)
        {
            shape[ax] = 1;
            outShape = shape;
        }
        else
            outShape = [.. shape[..ax], .. shape[(ax + 1)..]];
        return (outShape, outer, n, inner);
    }

    /// <summary>y[o, i] = sum over k of x[o, k, i]; x is [outer, n, inner], y is [outer, inner].</summary>
    internal static void SumAxis(ReadOnlySpan<float> x, Span<float> y, int outer, int n, int inner)
    {
        // Long sums run in blocks added in double (Tensors/Summation); short ones keep their float bits.
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
                y[o] = Summation.Sum(x.Slice(o * n, n));
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            var row = y.Slice(o * inner, inner);
            row.Clear();
            Summation.AddRows(x.Slice(o * n * inner, n * inner), n, row);
        }
    }

    /// <summary>dX[o, k, i] += scale * dY[o, i]; dY is [outer, inner], dX is [outer, n, inner].</summary>
    internal static void SpreadAxis(ReadOnlySpan<float> dY, Span<float> dX, int outer, int n, int inner, float scale)
    {
        for (int o = 0; o < outer; o++)
        {
            if (inner == 1)
            {
                var row = dX.Slice(o * n, n);
                TensorPrimitives.Add(row, scale * dY[o], row);
                continue;
            }
            var g = dY.Slice(o * inner, inner);
            for (int k = 0; k < n; k++)
            {
                var dst = dX.Slice((o * n + k) * inner, inner);
                TensorPrimitives.MultiplyAdd(g, scale, dst, dst);
            }
        }
    }
}
