// AdamUpdate: the per-parameter moment update shared by Adam and AdamW, as PyTorch 1.13's
// _single_tensor_adam computes it (bias corrections in double, eps added after the corrected sqrt):
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  (amsgrad: vmax = max(vmax, v), used for v)
//   p += -(lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        if (!vMax.IsEmpty)
        {
            TensorPrimitives.Multiply(m, beta1, m);
            TensorPrimitives.MultiplyAdd(g, 1f - beta1, m, m);
            TensorPrimitives.Multiply(v, beta2, v);
            // (1 - b2) g, then times g: PyTorch's addcmul order, which also keeps g^2 from overflowing for |g| > 1.8e19.
            TensorPrimitives.Multiply(g, 1f - beta2, scratch);
            TensorPrimitives.MultiplyAdd(scratch, g, v, v);
            TensorPrimitives.Max(vMax, v, vMax);
            // denom = sqrt(vmax) / sqrt(1 - b2^t) + eps;  p += -stepSize * (m / denom)
            TensorPrimitives.Sqrt(vMax, scratch);
            TensorPrimitives.Divide(scratch, bias2Sqrt, scratch);
            TensorPrimitives.Add(scratch, eps, scratch);
            TensorPrimitives.Divide(m, scratch, scratch);
            TensorPrimitives.MultiplyAdd(scratch, -stepSize, param, param);
            return;
        }
        // Without AMSGrad, one pass over the four arrays (the pass-per-operation form above reads and writes
        // them about ten times). Same operations in the same order, none fused: the same bits.
        if (g.Length != param.Length || m.Length != param.Length || v.Length != param.Length)
            throw new ArgumentException("adam: the gradient and moment buffers must have the parameter's length.");
        float c1 = 1f - beta1, c2 = 1f - beta2, negStep = -stepSize;
        ref float pr = ref MemoryMarshal.GetReference(param);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        int n = param.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vb1 = Vector256.Create(beta1);
            var vc1 = Vector256.Create(c1);
            var vb2 = Vector256.Create(beta2);
            var vc2 = Vector256.Create(c2);
            var vs = Vector256.Create(bias2Sqrt);
            var ve = Vector256.Create(eps);
            var vn = Vector256.Create(negStep);
            for (; j + 8 <= n; j += 8)
            {
                nuint o = (nuint)j;
                var gj = Vector256.LoadUnsafe(ref gr, o);
                var mj = gj * vc1 + Vector256.LoadUnsafe(ref mr, o) * vb1;
                var vj = gj * vc2 * gj + Vector256.LoadUnsafe(ref vr, o) * vb2;
                mj.StoreUnsafe(ref mr, o);
                vj.StoreUnsafe(ref vr, o);
                var denom = Vector256.Sqrt(vj) / vs + ve;
                ((mj / denom) * vn + Vector256.LoadUnsafe(ref pr, o)).StoreUnsafe(ref pr, o);
            }
        }
        for (; j < n; j++)
        {
            float gj = g[j];
            float mj = gj * c1 + m[j] * beta1;
            float vj = gj * c2 * gj + v[j] * beta2;
            m[j] = mj;
            v[j] = vj;
            float denom = MathF.Sqrt(vj) / bias2Sqrt + eps;
            param[j] = (mj / denom) * negStep + param[j];
        }
    }

    /// <summary>PyTorch's validation of Adam-family hyperparameters.</summary>
    public static void Validate(float beta1, float beta2, float eps, float weightDecay)
    {
        if (!(eps > 0 && float.IsFinite(eps))) throw new ArgumentException($"Invalid epsilon value: {eps}"); // 0 gives 0/0 where a gradient is 0
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentException($"Invalid beta parameter at index 0: {beta1}");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentException($"Invalid beta parameter at index 1: {beta2}");
        if (!(weightDecay >= 0 && float.IsFinite(weightDecay))) throw new ArgumentException($"Invalid weight_decay value: {weightDecay}");
    }
}
