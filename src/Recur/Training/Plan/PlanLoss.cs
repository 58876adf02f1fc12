// PlanLoss: the loss of a TrainingPlan on preallocated buffers. Computes the reduced loss of the
// prediction against the target and writes its gradient into dPrediction, allocating nothing. Same
// formulas as the fused autograd losses (sums in double; Mean divides by the number of counted elements).
using Recur.Losses;

namespace Recur.Training.Plan;

/// <summary>A loss the plan runs without the tape.</summary>
internal abstract class PlanLoss
{
    /// <summary>The target's expected shape for a prediction of shape <paramref name="prediction"/>.</summary>
    public abstract int[] TargetShape(int[] prediction);

    /// <summary>Returns the loss and sets dPrediction = d(loss)/d(prediction).</summary>
    public abstract float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> dPrediction);

    /// <summary>The plan's version of <paramref name="loss"/>, or null with the reason it has none.</summary>
    public static PlanLoss? For(ILoss loss, out string? reason)
    {
        reason = null;
        switch (loss)
        {
            case MseLoss mse when mse.Reduction != Reduction.None:
                return new MsePlanLoss(mse.Reduction);
            case CrossEntropyLoss ce when ce.Reduction != Reduction.None && ce.LabelSmoothing == 0f:
                return new CrossEntropyPlanLoss(ce.Reduction, ce.IgnoreIndex);
            default:
                reason = $"the loss {loss.Name} (with these options) has no planned form; MSE and cross-entropy " +
                    "with class indices, mean or sum reduction and no label smoothing do";
                return null;
        }
    }
}

/// <summary>Mean or summed squared error: dX = 2 (x - y) scale.</summary>
internal sealed class MsePlanLoss(Reduction reduction) : PlanLoss
{
    public override int[] TargetShape(int[] prediction) => prediction;

    public override float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> dPrediction)
    {
        int n = prediction.Length;
        float scale = reduction == Reduction.Mean ? (float)(1.0 / n) : 1f;
        var d = dPrediction[..n];
        TensorPrimitives.Subtract(prediction, target, d);
        // Vectorised float sums over blocks of 1,024, accumulated in double across blocks.
        double sum = 0;
        for (int i = 0; i < n; i += 1024)
            sum += TensorPrimitives.SumOfSquares(d.Slice(i, Math.Min(1024, n - i)));
        TensorPrimitives.Multiply(d, 2f * scale, d);
        return reduction == Reduction.Mean ? (float)(sum / n) : (float)sum;
    }
}

/// <summary>Cross-entropy of logits [..., C] against class indices [...] (ignoreIndex excluded).</summary>
internal sealed class CrossEntropyPlanLoss(Reduction reduction, int ignoreIndex) : PlanLoss
{
    private float[] _exp = [];

    public override int[] TargetShape(int[] prediction) => prediction[..^1];

    public override float Compute(ReadOnlySpan<float> logits, ReadOnlySpan<float> target, Span<float> dLogits)
    {
        int rows = target.Length, classes = logits.Length / Math.Max(1, rows);
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            // Whole numbers only, as the tape's loss requires: -100.5 must not truncate to the ignored -100.
            float v = target[r];
            if (v != MathF.Truncate(v) || !float.IsFinite(v))
                throw new ArgumentException($"CrossEntropyLoss: class-index targets must hold integer values; target {v} at position {r} does not.");
            if ((int)v != ignoreIndex) count++;
        }
        float scale = reduction == Reduction.Mean ? (float)(1.0 / count) : 1f;
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            var src = logits.Slice(r * classes, classes);
            var dst = dLogits.Slice(r * classes, classes);
            float v = target[r];
            int t = (int)v;
            if (t == ignoreIndex)
            {
                dst.Clear();
                continue;
            }
            if (v != t || t < 0 || t >= classes)
                throw new ArgumentException($"CrossEntropyLoss: target {v} at position {r} is not a class index in [0, {classes}).");
            // log-softmax in dst, then the loss term, then softmax - onehot scaled.
            TensorPrimitives.Subtract(src, TensorPrimitives.Max(src), dst);
            if (_exp.Length < classes) _exp = new float[classes];
            var e = _exp.AsSpan(0, classes);
            TensorPrimitives.Exp(dst, e);
            TensorPrimitives.Subtract(dst, MathF.Log(TensorPrimitives.Sum(e)), dst);
            sum += -dst[t];
            TensorPrimitives.Exp(dst, dst);
            TensorPrimitives.Multiply(dst, scale, dst);
            dst[t] -= scale;
        }
        return reduction == Reduction.Mean ? (float)(sum / count) : (float)sum;
    }
}
