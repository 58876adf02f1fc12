// CtcLoss: connectionist temporal classification (Graves et al. 2006) in log space, PyTorch's ctc_loss.
// logProbs [B, T, C] (batch-first; torch uses [T, B, C]); sample b has input length T_b and a label
// sequence l of length L_b, extended with blanks to l' of length S = 2 L_b + 1. Forward variables
// a[t, s] = lp[t, l'_s] + lse(a[t-1, s], a[t-1, s-1], a[t-1, s-2] if l'_s != blank and l'_s != l'_{s-2}),
// backward variables b[t, s] likewise from the end, nll_b = -lse(a[T_b-1, S-1], a[T_b-1, S-2]).
// d nll_b / d lp[t, c] = -exp(lse_{s: l'_s = c}(a[t, s] + b[t, s]) + nll_b - lp[t, c]) for t < T_b, 0 after
// (the true derivative; torch's kernel adds exp(lp), which is only equivalent behind a log_softmax).
// Reductions as torch: None [B]; Sum; Mean = mean_b(nll_b / max(L_b, 1)). zero_infinity sets infinite
// losses (impossible alignments) and their gradients to 0. Computed in double, per sample in parallel.
using Recur.Kernels;
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class CtcLossFunction : Node
{
    private readonly int _batch, _steps, _classes;
    private readonly Reduction _reduction;
    private readonly int[] _targetLengths;
    private float[]? _gradPerSample; // d nll_b / d lp, [B, T, C]

    private CtcLossFunction(Tensor logProbs, float[] grad, int[] targetLengths, Reduction reduction) : base(logProbs)
    {
        _gradPerSample = grad;
        (_batch, _steps, _classes) = (logProbs.Size(0), logProbs.Size(1), logProbs.Size(2));
        _targetLengths = targetLengths;
        _reduction = reduction;
    }

    public override string Name => "CtcLossBackward";

    internal static Tensor Forward(Tensor logProbs, int[] targets, int[] inputLengths, int[] targetLengths, int blank,
        Reduction reduction, bool zeroInfinity)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(inputLengths);
        ArgumentNullException.ThrowIfNull(targetLengths);
        if (logProbs.Rank != 3)
            throw new ArgumentException($"ctc_loss: log_probs must be [B, T, C] (batch-first), got {Shapes.Format(logProbs.Shape)}.");
        int batch = logProbs.Size(0), steps = logProbs.Size(1), classes = logProbs.Size(2);
        if (blank < 0 || blank >= classes) throw new ArgumentException($"ctc_loss: blank must be in label range [0, {classes}), got {blank}.");
        if (inputLengths.Length != batch || targetLengths.Length != batch)
            throw new ArgumentException($"ctc_loss: expected {batch} input lengths and target lengths, got {inputLengths.Length} and {targetLengths.Length}.");
        var offsets = new int[batch];
        int total = 0;
        for (int b = 0; b < batch; b++)
        {
            if (inputLengths[b] < 0 || inputLengths[b] > steps)
                throw new ArgumentException($"ctc_loss: input_lengths[{b}] = {inputLengths[b]} must be in 0..{steps} (T).");
            if (targetLengths[b] < 0) throw new ArgumentException($"ctc_loss: target_lengths[{b}] = {targetLengths[b]} is negative.");
            offsets[b] = total;
            total += targetLengths[b];
        }
        if (total != targets.Length)
            throw new ArgumentException($"ctc_loss: the target lengths add up to {total}, but {targets.Length} targets were given.");
        for (int i = 0; i < targets.Length; i++)
            if (targets[i] < 0 || targets[i] >= classes || targets[i] == blank)
                throw new ArgumentException($"ctc_loss: target {targets[i]} at position {i} must be in [0, {classes}) and not the blank ({blank}).");

        var lp = logProbs.ReadOnlyData.ToArray();
        var nll = new double[batch];
        var grad = new float[lp.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Threading.MaxThreads) };
        Parallel.For(0, batch, options, b =>
        {
            nll[b] = Sample(lp.AsSpan(b * steps * classes, steps * classes), classes, inputLengths[b],
                targets.AsSpan(offsets[b], targetLengths[b]), blank, grad.AsSpan(b * steps * classes, steps * classes));
            if (zeroInfinity && double.IsPositiveInfinity(nll[b]))
            {
                nll[b] = 0;
                grad.AsSpan(b * steps * classes, steps * classes).Clear();
            }
        });

        Tensor result;
        if (reduction == Reduction.None)
        {
            result = Tensor.Uninitialized([batch]);
            for (int b = 0; b < batch; b++) result.Data[b] = (float)nll[b];
        }
        else
        {
            double sum = 0;
            for (int b = 0; b < batch; b++) sum += reduction == Reduction.Sum ? nll[b] : nll[b] / Math.Max(targetLengths[b], 1);
            result = Tensor.Scalar((float)(reduction == Reduction.Sum ? sum : sum / batch));
        }
        new CtcLossFunction(logProbs, grad, (int[])targetLengths.Clone(), reduction).Attach(result);
        return result;
    }

    // One sample: lp [T, C] (only the first `length` steps are used); writes d nll / d lp into grad [T, C].
    private static double Sample(ReadOnlySpan<float> lp, int classes, int length, ReadOnlySpan<int> target, int blank, Span<float> grad)
    {
        int s = 2 * target.Length + 1;
        if (length == 0) return target.Length == 0 ? 0 : double.PositiveInfinity;
        var alpha = new double[length * s];
        var beta = new double[length * s];
        Array.Fill(alpha, double.NegativeInfinity);
        Array.Fill(beta, double.NegativeInfinity);
        var labels = new int[s];
        for (int i = 0; i < s; i++) labels[i] = (i & 1) == 0 ? blank : target[i >> 1];

        alpha[0] = lp[blank];
        if (s > 1) alpha[1] = lp[labels[1]];
        for (int t = 1; t < length; t++)
            for (int i = 0; i < s; i++)
            {
                double a = alpha[(t - 1) * s + i];
                if (i > 0) a = LogAdd(a, alpha[(t - 1) * s + i - 1]);
                if (i > 1 && labels[i] != blank && labels[i] != labels[i - 2]) a = LogAdd(a, alpha[(t - 1) * s + i - 2]);
                alpha[t * s + i] = double.IsNegativeInfinity(a) ? a : a + lp[t * classes + labels[i]];
            }
        int last = (length - 1) * s;
        double logLikelihood = s > 1 ? LogAdd(alpha[last + s - 1], alpha[last + s - 2]) : alpha[last];
        double nll = -logLikelihood;

        beta[last + s - 1] = lp[(length - 1) * classes + blank];
        if (s > 1) beta[last + s - 2] = lp[(length - 1) * classes + labels[s - 2]];
        for (int t = length - 2; t >= 0; t--)
            for (int i = 0; i < s; i++)
            {
                double b = beta[(t + 1) * s + i];
                if (i < s - 1) b = LogAdd(b, beta[(t + 1) * s + i + 1]);
                if (i < s - 2 && labels[i] != blank && labels[i + 2] != labels[i]) b = LogAdd(b, beta[(t + 1) * s + i + 2]);
                beta[t * s + i] = double.IsNegativeInfinity(b) ? b : b + lp[t * classes + labels[i]];
            }

        var acc = new double[classes];
        for (int t = 0; t < length; t++)
        {
            Array.Fill(acc, double.NegativeInfinity);
            for (int i = 0; i < s; i++)
                acc[labels[i]] = LogAdd(acc[labels[i]], alpha[t * s + i] + beta[t * s + i]);
            for (int c = 0; c < classes; c++)
                grad[t * classes + c] = double.IsNegativeInfinity(acc[c]) ? 0f : (float)-Math.Exp(acc[c] + nll - lp[t * classes + c]);
        }
        return nll;
    }

    private static double LogAdd(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        double max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }

    protected internal override void Backward(GradientContext context)
    {
        var grad = _gradPerSample ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var dX = context.GradInput(0);
        int per = _steps * _classes;
        for (int b = 0; b < _batch; b++)
        {
            float scale = _reduction switch
            {
                Reduction.None => g[b],
                Reduction.Sum => g[0],
                _ => g[0] / (Math.Max(_targetLengths[b], 1) * (float)_batch),
            };
            TensorPrimitives.MultiplyAdd(grad.AsSpan(b * per, per), scale, dX.Slice(b * per, per), dX.Slice(b * per, per));
        }
    }

    protected override void ReleaseSaved() => _gradPerSample = null;
}
