// AdamUpdate: the per-parameter moment update shared by Adam and AdamW, as PyTorch 1.13's
// _single_tensor_adam computes it (bias corrections in double, eps added after the corrected sqrt):
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  (amsgrad: vmax = max(vmax, v), used for v)
//   p += -(lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).

namespace Recur.Optim;

/// <summary>The Adam moment update and parameter step on spans (no allocation).</summary>
internal static class AdamUpdate
{
    /// <summary>
    /// Updates <paramref name="m"/>, <paramref name="v"/> (and <paramref name="vMax"/> when not empty) from the
    /// gradient <paramref name="g"/>, then steps <paramref name="param"/>. <paramref name="scratch"/> has the
    /// parameter's length and must not alias any other argument.
    /// </summary>
    public static void Apply(Span<float> param, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> vMax,
        Span<float> scratch, float lr, float beta1, float beta2, float eps, long step)
    {
        double bias1 = 1 - Math.Pow(beta1, step), bias2 = 1 - Math.Pow(beta2, step);
        float stepSize = (float)(lr / bias1), bias2Sqrt = (float)Math.Sqrt(bias2);

        TensorPrimitives.Multiply(m, beta1, m);
        TensorPrimitives.MultiplyAdd(g, 1f - beta1, m, m);
        TensorPrimitives.Multiply(v, beta2, v);
        TensorPrimitives.Multiply(g, g, scratch);
        TensorPrimitives.MultiplyAdd(scratch, 1f - beta2, v, v);
        ReadOnlySpan<float> second = v;
        if (!vMax.IsEmpty)
        {
            TensorPrimitives.Max(vMax, v, vMax);
            second = vMax;
        }
        // denom = sqrt(v) / sqrt(1 - b2^t) + eps;  p += -stepSize * (m / denom)
        TensorPrimitives.Sqrt(second, scratch);
        TensorPrimitives.Divide(scratch, bias2Sqrt, scratch);
        TensorPrimitives.Add(scratch, eps, scratch);
        TensorPrimitives.Divide(m, scratch, scratch);
        TensorPrimitives.MultiplyAdd(scratch, -stepSize, param, param);
    }

    /// <summary>PyTorch's validation of Adam-family hyperparameters.</summary>
    public static void Validate(float beta1, float beta2, float eps, float weightDecay)
    {
        if (!(eps >= 0)) throw new ArgumentException($"Invalid epsilon value: {eps}");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentException($"Invalid beta parameter at index 0: {beta1}");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentException($"Invalid beta parameter at index 1: {beta2}");
        if (!(weightDecay >= 0)) throw new ArgumentException($"Invalid weight_decay value: {weightDecay}");
    }
}
