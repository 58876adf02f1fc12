// AvgPool1d: PyTorch's avg_pool1d with count_include_pad = True: x [B, C, T] -> y [B, C, To],
// To = floor((T + 2P - K) / S) + 1, y[b, c, t] = (1/K) sum over x[b, c, tS - P .. tS - P + K) with zero
// padding (P <= K/2, so every window lies inside the padded input and the divisor is K).
// Backward: each input in a window receives dY / K.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class AvgPool1dFunction : Node
{
    private readonly int _rows, _length, _outLength, _kernel, _stride, _padding;

    private AvgPool1dFunction(Tensor x, int rows, int length, int outLength, int kernel, int stride, int padding) : base(x) =>
        (_rows, _length, _outLength, _kernel, _stride, _padding) = (rows, length, outLength, kernel, stride, padding);

    public override string Name => "AvgPool1DBackward";

    internal static Tensor Forward(Tensor x, int kernel, int stride, int padding)
    {
        var (rows, t, to) = Pooling.Check("avg_pool1d", x, kernel, stride, padding);
        var y = Tensor.Uninitialized([x.Size(0), x.Size(1), to]);
        var xs = x.ReadOnlyData;
        var ys = y.Data;
        float scale = 1f / kernel;
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < to; o++)
            {
                int start = o * stride - padding;
                int lo = Math.Max(0, start), hi = Math.Min(t, start + kernel);
                ys[r * to + o] = hi > lo ? TensorPrimitives.Sum(xs.Slice(r * t + lo, hi - lo)) * scale : 0f;
            }
        new AvgPool1dFunction(x, rows, t, to, kernel, stride, padding).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var dX = context.GradInput(0);
        float scale = 1f / _kernel;
        for (int r = 0; r < _rows; r++)
            for (int o = 0; o < _outLength; o++)
            {
                int start = o * _stride - _padding;
                int lo = Math.Max(0, start), hi = Math.Min(_length, start + _kernel);
                float v = g[r * _outLength + o] * scale;
                for (int j = lo; j < hi; j++) dX[r * _length + j] += v;
            }
    }
}
