// LogSoftmax along one axis: y = x - max - ln(sum(e^(x - max))) over that axis, stable for large inputs.
// x is viewed as [outer, n, inner] (see SoftmaxFunction). Backward: dX = dY - e^y * sum_k(dY), so the
// output is saved.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class LogSoftmaxFunction : Node
{
    private readonly int _outer, _n, _inner;
    private float[]? _y;

    private LogSoftmaxFunction(Tensor x, float[] y, int outer, int n, int inner) : base(x)
    {
        _y = y;
        (_outer, _n, _inner) = (outer, n, inner);
    }

    public override string Name => "LogSoftmaxBackward";

    internal static Tensor Forward(Tensor x, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        int ax = Shapes.NormalizeAxis(axis, x.Rank, "logsoftmax");
        var (outer, n, inner) = Shapes.AroundAxis(x.Shape, ax);
        var y = Tensor.Uninitialized(x.ShapeArray);
        if (n > 0) Compute(x.ReadOnlyData, y.Data, outer, n, inner);
        new LogSoftmaxFunction(x, y.Storage, outer, n, inner).Attach(y);
        return y;
    }

    private static void Compute(ReadOnlySpan<float> x, Span<float> y, int outer, int n, int inner)
    {
        if (inner == 1)
        {
            var e = new float[n];
            for (int o = 0; o < outer; o++)
            {
                var src = x.Slice(o * n, n);
                var dst = y.Slice(o * n, n);
                TensorPrimitives.Subtract(src, TensorPrimitives.Max(src), dst);
                TensorPrimitives.Exp(dst, e);
                TensorPrimitives.Subtract(dst, MathF.Log(TensorPrimitives.Sum(e)), dst);
            }
            return;
        }
        var max = new float[inner];
        var sum = new float[inner];
        var exp = new float[inner];
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
                TensorPrimitives.Exp(dst, exp);
                TensorPrimitives.Add(sum, exp, sum);
            }
            TensorPrimitives.Log(sum, sum);
            for (int k = 0; k < n; k++)
            {
                var dst = y.Slice(block + k * inner, inner);
                TensorPrimitives.Subtract(dst, sum, dst);
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
            var softmax = new float[n];
            for (int o = 0; o < _outer; o++)
            {
                var gy = g.Slice(o * n, n);
                var dst = dX.Slice(o * n, n);
                TensorPrimitives.Exp(y.AsSpan(o * n, n), softmax);
                TensorPrimitives.Add(dst, gy, dst);
                TensorPrimitives.MultiplyAdd(softmax, -TensorPrimitives.Sum(gy), dst, dst);
            }
            return;
        }
        var total = new float[inner];
        var term = new float[inner];
        for (int o = 0; o < _outer; o++)
        {
            int block = o * n * inner;
            Array.Clear(total);
            for (int k = 0; k < n; k++)
                TensorPrimitives.Add(total, g.Slice(block + k * inner, inner), total);
            for (int k = 0; k < n; k++)
            {
                var dst = dX.Slice(block + k * inner, inner);
                TensorPrimitives.Exp(y.AsSpan(block + k * inner, inner), term);
                TensorPrimitives.Multiply(term, total, term);
                TensorPrimitives.Subtract(g.Slice(block + k * inner, inner), term, term);
                TensorPrimitives.Add(dst, term, dst);
            }
        }
    }

    protected override void ReleaseSaved() => _y = null;
}
