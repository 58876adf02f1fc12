// Cross-entropy from logits as one node: log-softmax and the negative log-likelihood in one pass, with
// label smoothing eps over C classes (torch 1.13). Rows r = all leading axes, classes = the last axis.
// Index targets t_r (t_r < 0: excluded row, loss 0): l_r = -(1-eps) logp[r,t_r] - eps/C sum_c logp[r,c];
//   backward dX[r,:] += g_r (softmax[r,:] - eps/C - (1-eps) onehot(t_r)).
// Probability targets q: q' = (1-eps) q + eps/C, l_r = -sum_c q'_c logp[r,c];
//   backward dX[r,:] += g_r (sum(q') softmax[r,:] - q'), dQ[r,:] -= g_r (1-eps) logp[r,:].
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class CrossEntropyLossFunction : ReducedLossFunction
{
    private readonly int _rows, _classes;
    private readonly float _smoothing;
    private readonly int[]? _targets;
    private readonly bool[]? _excluded;
    private float[]? _logp;

    private CrossEntropyLossFunction(Tensor[] inputs, float[] logp, int rows, int classes, int[]? targets,
        bool[]? excluded, float smoothing, Reduction reduction, double count)
        : base(reduction, count, inputs)
    {
        _logp = logp;
        (_rows, _classes) = (rows, classes);
        _targets = targets;
        _excluded = excluded;
        _smoothing = smoothing;
    }

    public override string Name => "CrossEntropyLossBackward";

    /// <summary>
    /// logits [..., C] (R rows); targets: one class index per row in [0, C), or -1 for a row that is
    /// excluded (ignored or masked). Mean divides by the number of included rows. Returns [] or [...].
    /// </summary>
    internal static Tensor ForwardIndices(Tensor logits, int[] targets, float smoothing, Reduction reduction)
    {
        int classes = logits.Shape[^1];
        int rows = targets.Length;
        var logp = LogSoftmaxRows(logits.ReadOnlyData, rows, classes);
        var loss = new float[rows];
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            int t = targets[r];
            if (t < 0) continue;
            count++;
            var lp = logp.AsSpan(r * classes, classes);
            float nll = -lp[t];
            loss[r] = smoothing == 0f ? nll : (1f - smoothing) * nll - smoothing / classes * TensorPrimitives.Sum(lp);
        }
        var output = Reduce(loss, RowShape(logits), reduction, count);
        new CrossEntropyLossFunction([logits], logp, rows, classes, targets, null, smoothing, reduction, count).Attach(output);
        return output;
    }

    /// <summary>
    /// logits and probabilities [..., C] (R rows); excluded: rows whose loss is 0 and that do not count
    /// for Mean (null: none). Returns [] or [...].
    /// </summary>
    internal static Tensor ForwardProbabilities(Tensor logits, Tensor probabilities, bool[]? excluded, float smoothing, Reduction reduction)
    {
        int classes = logits.Shape[^1];
        int rows = classes == 0 ? 0 : logits.Length / classes;
        var logp = LogSoftmaxRows(logits.ReadOnlyData, rows, classes);
        var q = probabilities.ReadOnlyData;
        var smoothed = new float[classes];
        var loss = new float[rows];
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            if (excluded != null && excluded[r]) continue;
            count++;
            Smooth(q.Slice(r * classes, classes), smoothing, smoothed);
            loss[r] = -TensorPrimitives.Dot(smoothed, logp.AsSpan(r * classes, classes));
        }
        var output = Reduce(loss, RowShape(logits), reduction, count);
        new CrossEntropyLossFunction([logits, probabilities], logp, rows, classes, null, excluded, smoothing, reduction, count).Attach(output);
        return output;
    }

    private static int[] RowShape(Tensor logits) => logits.Shape[..^1].ToArray();

    /// <summary>Row-wise stable log-softmax of x [rows, classes] into a new buffer.</summary>
    private static float[] LogSoftmaxRows(ReadOnlySpan<float> x, int rows, int classes)
    {
        var logp = new float[rows * classes];
        var e = new float[classes];
        for (int r = 0; r < rows; r++)
        {
            var src = x.Slice(r * classes, classes);
            var dst = logp.AsSpan(r * classes, classes);
            TensorPrimitives.Subtract(src, TensorPrimitives.Max(src), dst);
            TensorPrimitives.Exp(dst, e);
            TensorPrimitives.Subtract(dst, MathF.Log(TensorPrimitives.Sum(e)), dst);
        }
        return logp;
    }

    /// <summary>q' = (1 - eps) q + eps / C.</summary>
    private static void Smooth(ReadOnlySpan<float> q, float smoothing, Span<float> result)
    {
        if (smoothing == 0f)
        {
            q.CopyTo(result);
            return;
        }
        TensorPrimitives.Multiply(q, 1f - smoothing, result);
        TensorPrimitives.Add(result, smoothing / result.Length, result);
    }

    protected internal override void Backward(GradientContext context)
    {
        var logp = _logp ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        var g = context.GradOutput();
        int classes = _classes;
        float eps = _smoothing;
        var softmax = new float[classes];
        bool needX = context.NeedsGrad(0);
        var dX = needX ? context.GradInput(0) : default;
        if (_targets != null)
        {
            if (!needX) return;
            for (int r = 0; r < _rows; r++)
            {
                int t = _targets[r];
                if (t < 0) continue;
                float up = Upstream(g, r);
                var dst = dX.Slice(r * classes, classes);
                TensorPrimitives.Exp(logp.AsSpan(r * classes, classes), softmax);
                TensorPrimitives.MultiplyAdd(softmax, up, dst, dst);
                if (eps != 0f) TensorPrimitives.Add(dst, -up * eps / classes, dst);
                dst[t] -= up * (1f - eps);
            }
            return;
        }
        bool needQ = context.NeedsGrad(1);
        var dQ = needQ ? context.GradInput(1) : default;
        var q = Inputs[1].ReadOnlyData;
        var smoothed = new float[classes];
        for (int r = 0; r < _rows; r++)
        {
            if (_excluded != null && _excluded[r]) continue;
            float up = Upstream(g, r);
            var lp = logp.AsSpan(r * classes, classes);
            if (needX)
            {
                var dst = dX.Slice(r * classes, classes);
                Smooth(q.Slice(r * classes, classes), eps, smoothed);
                TensorPrimitives.Exp(lp, softmax);
                TensorPrimitives.MultiplyAdd(softmax, up * TensorPrimitives.Sum(smoothed), dst, dst);
                TensorPrimitives.MultiplyAdd(smoothed, -up, dst, dst);
            }
            if (needQ)
            {
                var dst = dQ.Slice(r * classes, classes);
                TensorPrimitives.MultiplyAdd(lp, -up * (1f - eps), dst, dst);
            }
        }
    }

    protected override void ReleaseSaved() => _logp = null;
}
