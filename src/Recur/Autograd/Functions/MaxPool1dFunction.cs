// MaxPool1d: PyTorch's max_pool1d: x [B, C, T] -> y [B, C, To], To = floor((T + 2P - K) / S) + 1,
// y[b, c, t] = max over x[b, c, tS - P .. tS - P + K) (padding is -inf, so it never wins; P <= K/2).
// The first maximal position is kept (NaN wins, as in PyTorch); backward routes dY to it.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class MaxPool1dFunction : Node
{
    private int[]? _argmax;

    private MaxPool1dFunction(Tensor x, int[] argmax) : base(x) => _argmax = argmax;

    public override string Name => "MaxPool1DBackward";

    internal static Tensor Forward(Tensor x, int kernel, int stride, int padding)
    {
        var (rows, t, to) = Pooling.Check("max_pool1d", x, kernel, stride, padding);
        int b = x.Size(0), c = x.Size(1);
        var y = Tensor.Uninitialized([b, c, to]);
        var argmax = new int[rows * to];
        var xs = x.ReadOnlyData;
        var ys = y.Data;
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < to; o++)
            {
                int start = o * stride - padding;
                int best = -1;
                float max = float.NegativeInfinity;
                for (int j = Math.Max(0, start); j < Math.Min(t, start + kernel); j++)
                {
                    float v = xs[r * t + j];
                    if (best < 0 || v > max || float.IsNaN(v))
                    {
                        (best, max) = (j, v);
                        if (float.IsNaN(v)) break;
                    }
                }
                ys[r * to + o] = max;
                argmax[r * to + o] = r * t + best;
            }
        new MaxPool1dFunction(x, argmax).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        var argmax = _argmax ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var dX = context.GradInput(0);
        for (int i = 0; i < argmax.Length; i++) dX[argmax[i]] += g[i];
    }

    protected override void ReleaseSaved() => _argmax = null;
}
