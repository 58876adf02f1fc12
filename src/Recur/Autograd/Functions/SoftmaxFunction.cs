// Softmax along one axis: y = e^(x - max) / sum(e^(x - max)) over that axis, stable for large inputs.
// x is viewed as [outer, n, inner]; inner == 1 (the last axis) works on contiguous rows, otherwise whole
// inner-length rows are combined so the loops stay vectorised. Backward: dX = y * (dY - sum_k(dY * y)).
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class SoftmaxFunction : Node
{
    private readonly int _outer, _n, _inner;
    private float[]? _y;

    private SoftmaxFunction(Tensor x, float[] y, int outer, int n, int inner) : base(x)
    {
        _y = y;
        (_outer, _n, _inner) = (outer, n, inner);
    }

    public override string Name => "SoftmaxBackward";

    internal static Tensor Forward(Tensor x, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        int ax = Shapes.NormalizeAxis(axis, x.Rank, "softmax");
        var (outer, n, inner) = Shapes.AroundAxis(x.Shape, ax);
        var y = Tensor.Uninitialized(x.ShapeArray);
        if (n > 0) Compute(x.ReadOnlyData, y.Data, outer, n, inner);
        new SoftmaxFunction(x, y.Storage, outer, n, inner).Attach(y);
        return y;
    }

    private static void Compute(ReadOnlySpan<float> x, Span<float> y, int outer, int n, int inner)
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var src = x.Slice(o * n, n);
                var dst = y.Slice(o * n, n);
                TensorPrimitives.Subtract(src, TensorPrimitives.Max(src), dst);
                TensorPrimitives.Exp(dst, dst);
                TensorPrimitives.Divide(dst, TensorPrimitives.Sum(dst), dst);
            }
            return;
        }
        var max = new float[inner];
        var sum = new float[inner];
        for (int o = 0; o < outer; o++)
        {
            int block = o * n * inner;
            x.Slice(block, inner).CopyTo(max);
            for (int k = 1; k < n; k++)
                TensorPrimitives.Max(max, x.Slice(block + k * inner, inner), max);
            Array.Clear(sum);
            for (int k = 0; k < n; k++)
            {
                var dst = y.Slice(block + k * inner, inner);
                TensorPrimitives.Subtract(x.Slice(block + k * inner, inner), max, dst);
                TensorPrimitives.Exp(dst, dst);
                TensorPrimitives.Add(sum, dst, sum);
            }
            for (int k = 0; k < n; k++)
            {
                var dst = y.Slice(block + k * inner, inner);
                TensorPrimitives.Divide(dst, sum, dst);
            }
        }
    }

    protected internal override void Backward(GradientContext context)
    {
        var y = _y ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var dX = context.GradInput(0);
        int n = _n, inner = _inner;
        if (inner == 1)
        {
            var centered = new float[n];
            for (int o = 0; o < _outer; o++)
            {
                var gy = g.Slice(o * n, n);
                var yy = y.AsSpan(o * n, n);
                TensorPrimitives.Subtract(gy, TensorPrimitives.Dot(gy, yy), centered);
                var dst = dX.Slice(o * n, n);
                TensorPrimitives.MultiplyAdd(centered, yy, dst, dst);
            }
            return;
        }
        var dot = new float[inner];
        var diff = new float[inner];
        for (int o = 0; o < _outer; o++)
        {
            int block = o * n * inner;
            Array.Clear(dot);
            for (int k = 0; k < n; k++)
                TensorPrimitives.MultiplyAdd(g.Slice(block + k * inner, inner), y.AsSpan(block + k * inner, inner), dot, dot);
            for (int k = 0; k < n; k++)
            {
                TensorPrimitives.Subtract(g.Slice(block + k * inner, inner), dot, diff);
                var dst = dX.Slice(block + k * inner, inner);
                TensorPrimitives.MultiplyAdd(diff, y.AsSpan(block + k * inner, inner), dst, dst);
            }
        }
    }

    protected override void ReleaseSaved() => _y = null;
}
