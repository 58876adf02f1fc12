// LayerNorm over the last axis: y = (x - mean) / sqrt(var + eps) * w + b, var biased (PyTorch). x is
// viewed as [R, N]. Backward with xhat and rstd saved per row:
//   dxhat = dy * w;  dx = rstd / N * (N dxhat - sum(dxhat) - xhat * sum(dxhat * xhat));
//   dw += sum_r dy * xhat;  db += sum_r dy.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class LayerNormFunction : Node
{
    private readonly int _rows, _n;
    private float[]? _xhat, _rstd;

    private LayerNormFunction(Tensor x, Tensor? w, Tensor? b, float[] xhat, float[] rstd, int rows, int n)
        : base(Inputs3(x, w, b))
    {
        (_xhat, _rstd, _rows, _n) = (xhat, rstd, rows, n);
    }

    private static Tensor[] Inputs3(Tensor x, Tensor? w, Tensor? b) => w == null ? [x] : [x, w, b!];

    public override string Name => "LayerNormBackward";

    internal static Tensor Forward(Tensor x, Tensor? weight, Tensor? bias, float eps)
    {
        int n = x.Rank == 0 ? 1 : x.Size(-1);
        if (weight != null && (weight.Rank != 1 || weight.Length != n || bias == null || bias.Rank != 1 || bias.Length != n))
            throw new ArgumentException($"layer_norm: weight and bias must have shape [{n}] for input {Shapes.Format(x.Shape)}.");
        int rows = n == 0 ? 0 : x.Length / n;
        var y = Tensor.Uninitialized(x.ShapeArray);
        var xhat = new float[x.Length];
        var rstd = new float[rows];
        var src = x.ReadOnlyData;
        var dst = y.Data;
        for (int r = 0; r < rows; r++)
        {
            var row = src.Slice(r * n, n);
            float mean = TensorPrimitives.Sum(row) / n;
            var xh = xhat.AsSpan(r * n, n);
            TensorPrimitives.Subtract(row, mean, xh);
            float variance = TensorPrimitives.SumOfSquares(xh) / n;
            float s = 1f / MathF.Sqrt(variance + eps);
            rstd[r] = s;
            TensorPrimitives.Multiply(xh, s, xh);
            var out_ = dst.Slice(r * n, n);
            if (weight != null) TensorPrimitives.FusedMultiplyAdd(xh, weight.ReadOnlyData, bias!.ReadOnlyData, out_);
            else xh.CopyTo(out_);
        }
        new LayerNormFunction(x, weight, bias, xhat, rstd, rows, n).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (_xhat == null || _rstd == null) throw new InvalidOperationException(BackwardEngine.FreedMessage);
        var dy = context.GradOutput();
        int n = _n;
        bool affine = Inputs.Length == 3;
        var w = affine ? Inputs[1].ReadOnlyData : default;
        var dxhat = new float[n];
        for (int r = 0; r < _rows; r++)
        {
            var g = dy.Slice(r * n, n);
            var xh = _xhat.AsSpan(r * n, n);
            if (affine && context.NeedsGrad(1))
                TensorPrimitives.FusedMultiplyAdd(g, xh, context.GradInput(1), context.GradInput(1));
            if (affine && context.NeedsGrad(2))
                TensorPrimitives.Add(context.GradInput(2), g, context.GradInput(2));
            if (!context.NeedsGrad(0)) continue;
            if (affine) TensorPrimitives.Multiply(g, w, dxhat);
            else g.CopyTo(dxhat);
            float sum = TensorPrimitives.Sum(dxhat), dot = TensorPrimitives.Dot(dxhat, xh);
            var dx = context.GradInput(0).Slice(r * n, n);
            float scale = _rstd[r] / n;
            for (int j = 0; j < n; j++)
                dx[j] += scale * (n * dxhat[j] - sum - xh[j] * dot);
        }
    }

    protected override void ReleaseSaved() => _xhat = _rstd = null;
}
