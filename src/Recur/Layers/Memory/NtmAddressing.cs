// NtmAddressing: the Neural Turing Machine's head addressing (Graves, Wayne and Danihelka 2014, section 3.3),
// made of differentiable tensor operations. For memory M [B, N, W] and a head's previous weighting w' [B, N]:
//   content   w_c = softmax_i(beta * cos(k, M_i)),   cos(k, M_i) = k . M_i / (|k| |M_i|), |v| = sqrt(v . v + eps)
//   gate      w_g = g w_c + (1 - g) w'
//   shift     w_s[i] = s_-1 w_g[i + 1] + s_0 w_g[i] + s_+1 w_g[i - 1]   (circular; s a softmax over 3 shifts)
//   sharpen   w[i] = (w_s[i] + eps)^gamma / sum_j (w_s[j] + eps)^gamma,   gamma >= 1 (as a softmax of gamma log(w_s + eps))
// eps = 1e-8 keeps the square root and the power differentiable where a norm or a weight is 0.
using Recur.Tensors;

namespace Recur.Layers.Memory;

internal static class NtmAddressing
{
    internal const float Eps = 1e-8f;

    /// <summary>
    /// The new weighting [B, N] from memory [B, N, W], key [B, W], strength beta [B, 1] (> 0), gate g [B, 1]
    /// in (0, 1), shift weights [B, 3] (for shifts -1, 0, +1, summing to 1), sharpening gamma [B, 1] (>= 1) and
    /// the previous weighting [B, N].
    /// </summary>
    internal static Tensor Address(Tensor memory, Tensor key, Tensor beta, Tensor gate, Tensor shift, Tensor gamma, Tensor previous)
    {
        int b = memory.Size(0), n = memory.Size(1), w = memory.Size(2);
        var dot = memory.MatMul(key.Reshape(b, w, 1)).Reshape(b, n);                    // k . M_i
        var memoryNorm = Sqrt((memory * memory).Sum(2) + Eps);                          // [B, N]
        var keyNorm = Sqrt((key * key).Sum(1, keepDim: true) + Eps);                   // [B, 1]
        var content = (beta * (dot / (memoryNorm * keyNorm))).Softmax(1);
        var gated = gate * content + (1f - gate) * previous;
        var shifted = shift.Slice(1, 0, 1) * Roll(gated, -1) + shift.Slice(1, 1, 1) * gated + shift.Slice(1, 2, 1) * Roll(gated, 1);
        // (w + eps)^gamma / sum: a softmax of gamma log(w + eps), which keeps a spread-out weighting with a large
        // gamma finite (the powers alone underflow to 0 over many slots, and 0 / 0 is NaN).
        return (gamma * (shifted + Eps).Log()).Softmax(1);
    }

    /// <summary>sqrt(x) for x &gt; 0, as exp(log(x) / 2).</summary>
    private static Tensor Sqrt(Tensor x) => (x.Log() * 0.5f).Exp();

    /// <summary>
    /// [B, N] rolled along the slots: by +1, entry i holds w[i - 1]; by -1, entry i holds w[i + 1] (circular).
    /// </summary>
    internal static Tensor Roll(Tensor w, int by)
    {
        int n = w.Size(1);
        if (n == 1) return w;
        return by > 0
            ? Tensor.Concat([w.Slice(1, n - 1, 1), w.Slice(1, 0, n - 1)], 1)
            : Tensor.Concat([w.Slice(1, 1, n - 1), w.Slice(1, 0, 1)], 1);
    }
}
