// Conv1d: PyTorch's conv1d (cross-correlation, groups = 1): x [B, Cin, T], weight [Cout, Cin, K], bias [Cout]
// -> y [B, Cout, To], To = floor((T + 2P - D(K - 1) - 1) / S) + 1, with stride S, zero padding P, dilation D:
// y[b, o, t] = bias[o] + sum_{c, k} w[o, c, k] x[b, c, tS - P + kD]. As im2col + GEMM: per sample the
// patches cols [To, Cin*K] are gathered once (and saved), y_b = W cols^T. Backward: dW += dY_b cols,
// dcols = dY_b^T W scattered back onto dX (col2im), dbias += sum_t dY.
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class Conv1dFunction : Node
{
    private readonly int _batch, _inChannels, _length, _outChannels, _kernel, _outLength, _stride, _padding, _dilation;
    private readonly bool _hasBias;
    private float[]? _cols;

    private Conv1dFunction(Tensor[] inputs, float[] cols, int batch, int inChannels, int length, int outChannels, int kernel,
        int outLength, int stride, int padding, int dilation) : base(inputs)
    {
        _cols = cols;
        (_batch, _inChannels, _length, _outChannels, _kernel) = (batch, inChannels, length, outChannels, kernel);
        (_outLength, _stride, _padding, _dilation) = (outLength, stride, padding, dilation);
        _hasBias = inputs.Length == 3;
    }

    public override string Name => "ConvolutionBackward";

    /// <summary>To for an input of <paramref name="length"/> steps (may be &lt;= 0 when the input is too short).</summary>
    internal static int OutputLength(int length, int kernel, int stride, int padding, int dilation) =>
        (int)Math.Floor((double)(length + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;

    internal static Tensor Forward(Tensor x, Tensor weight, Tensor? bias, int stride, int padding, int dilation)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (stride < 1 || padding < 0 || dilation < 1)
            throw new ArgumentException($"conv1d: stride ({stride}) and dilation ({dilation}) must be >= 1 and padding ({padding}) >= 0.");
        if (weight.Rank != 3)
            throw new ArgumentException($"conv1d: weight must be [out_channels, in_channels, kernel], got {Shapes.Format(weight.Shape)}.");
        if (x.Rank != 3 || x.Size(1) != weight.Size(1))
            throw new ArgumentException($"conv1d: expected input [B, {weight.Size(1)}, T] for weight {Shapes.Format(weight.Shape)}, got {Shapes.Format(x.Shape)}.");
        int b = x.Size(0), cin = x.Size(1), t = x.Size(2), cout = weight.Size(0), k = weight.Size(2);
        if (bias != null && (bias.Rank != 1 || bias.Size(0) != cout))
            throw new ArgumentException($"conv1d: bias must be [{cout}], got {Shapes.Format(bias.Shape)}.");
        if (t == 0 && b * cin > 0)
            throw new ArgumentException($"conv1d: only zero batch or zero channel inputs are supported, but got input shape {Shapes.Format(x.Shape)} (an empty time axis).");
        int to = OutputLength(t, k, stride, padding, dilation);
        if (to < 1)
            throw new ArgumentException($"conv1d: input length {t} (padded {t + 2 * padding}) is shorter than the dilated kernel {dilation * (k - 1) + 1}.");
        int ck = cin * k;
        var cols = new float[b * to * ck];
        var xs = x.ReadOnlyData;
        for (int n = 0; n < b; n++)
            Im2Col(xs.Slice(n * cin * t, cin * t), cols.AsSpan(n * to * ck, to * ck), cin, t, k, to, stride, padding, dilation);
        var y = Tensor.Uninitialized([b, cout, to]);
        var ys = y.Data;
        var w = weight.ReadOnlyData;
        for (int n = 0; n < b; n++)
        {
            var yb = ys.Slice(n * cout * to, cout * to);
            Gemm.Multiply(false, true, cout, to, ck, 1f, w, ck, cols.AsSpan(n * to * ck, to * ck), ck, 0f, yb, to, Threading.MaxThreads);
            if (bias != null)
            {
                var bs = bias.ReadOnlyData;
                for (int o = 0; o < cout; o++) TensorPrimitives.Add(yb.Slice(o * to, to), bs[o], yb.Slice(o * to, to));
            }
        }
        Tensor[] inputs = bias == null ? [x, weight] : [x, weight, bias];
        new Conv1dFunction(inputs, cols, b, cin, t, cout, k, to, stride, padding, dilation).Attach(y);
        return y;
    }

    // cols[t, c*K + k] = x[c, t*S - P + k*D], zero outside [0, T).
    private static void Im2Col(ReadOnlySpan<float> x, Span<float> cols, int cin, int t, int k, int to, int stride, int padding, int dilation)
    {
        int ck = cin * k;
        for (int o = 0; o < to; o++)
        {
            var row = cols.Slice(o * ck, ck);
            int start = o * stride - padding;
            for (int c = 0; c < cin; c++)
                for (int j = 0; j < k; j++)
                {
                    int src = start + j * dilation;
                    row[c * k + j] = (uint)src < (uint)t ? x[c * t + src] : 0f;
                }
        }
    }

    protected internal override void Backward(GradientContext context)
    {
        var cols = _cols ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        var g = context.GradOutput();
        int cin = _inChannels, t = _length, cout = _outChannels, k = _kernel, to = _outLength, ck = cin * k;
        int threads = Threading.MaxThreads;
        if (context.NeedsGrad(1))
        {
            var dW = context.GradInput(1);
            for (int n = 0; n < _batch; n++)
                Gemm.Multiply(false, false, cout, ck, to, 1f, g.Slice(n * cout * to, cout * to), to, cols.AsSpan(n * to * ck, to * ck), ck, 1f, dW, ck, threads);
        }
        if (_hasBias && context.NeedsGrad(2))
        {
            var dB = context.GradInput(2);
            for (int n = 0; n < _batch; n++)
                for (int o = 0; o < cout; o++) dB[o] += TensorPrimitives.Sum(g.Slice((n * cout + o) * to, to));
        }
        if (context.NeedsGrad(0))
        {
            var dX = context.GradInput(0);
            var w = Inputs[1].ReadOnlyData;
            var dCols = new float[to * ck];
            for (int n = 0; n < _batch; n++)
            {
                Gemm.Multiply(true, false, to, ck, cout, 1f, g.Slice(n * cout * to, cout * to), to, w, ck, 0f, dCols, ck, threads);
                var dx = dX.Slice(n * cin * t, cin * t);
                for (int o = 0; o < to; o++)
                {
                    int start = o * _stride - _padding;
                    for (int c = 0; c < cin; c++)
                        for (int j = 0; j < k; j++)
                        {
                            int src = start + j * _dilation;
                            if ((uint)src < (uint)t) dx[c * t + src] += dCols[o * ck + c * k + j];
                        }
                }
            }
        }
    }

    protected override void ReleaseSaved() => _cols = null;
}
