// RnnKernels: the pointwise pass of one Elman RNN step for one row: h' = tanh(a) or relu(a) with
// a = gx + gh; backward dPre = dh' * (1 - h'^2) or dh' * [not h' <= 0] (PyTorch's threshold_backward: a NaN
// h' passes the gradient).
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

internal static class RnnKernels
{
    /// <summary>h [H] (out): the new state.</summary>
    internal static void Forward(ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, Span<float> h, bool relu)
    {
        int n = h.Length;
        if (gx.Length < n || gh.Length < n) throw new ArgumentException("rnn step: a buffer is shorter than the hidden size needs.");
        if (!relu)
        {
            VectorMath.Tanh(gx[..n], gh[..n], h); // four vectors at a time
            return;
        }
        ref float xr = ref MemoryMarshal.GetReference(gx);
        ref float gr = ref MemoryMarshal.GetReference(gh);
        ref float hr = ref MemoryMarshal.GetReference(h);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= n; j += 8)
                Vector256.Max(Vector256.LoadUnsafe(ref xr, (nuint)j) + Vector256.LoadUnsafe(ref gr, (nuint)j), Vector256<float>.Zero).StoreUnsafe(ref hr, (nuint)j);
        for (; j < n; j++) h[j] = Math.Max(gx[j] + gh[j], 0f);
    }

    /// <summary>h [H] (out): the new state from summed pre-activations pre [H] (x W_ih^T + h W_hh^T + biases).</summary>
    internal static void Forward(ReadOnlySpan<float> pre, Span<float> h, bool relu)
    {
        if (pre.Length < h.Length) throw new ArgumentException("rnn step: a buffer is shorter than the hidden size needs.");
        if (relu) TensorPrimitives.Max(pre[..h.Length], 0f, h);
        else VectorMath.Tanh(pre[..h.Length], h);
    }

    /// <summary>h [H] in: pre-activations, out: the new state.</summary>
    internal static void Activate(Span<float> h, bool relu) => Forward(h, h, relu);

    /// <summary>hNew [H]: the step's output; dh [H]: its gradient; dPre [H] (out).</summary>
    internal static void Backward(ReadOnlySpan<float> hNew, ReadOnlySpan<float> dh, Span<float> dPre, bool relu)
    {
        int n = hNew.Length;
        if (dh.Length < n || dPre.Length < n) throw new ArgumentException("rnn step: a buffer is shorter than the hidden size needs.");
        ref float yr = ref MemoryMarshal.GetReference(hNew);
        ref float dr = ref MemoryMarshal.GetReference(dh);
        ref float pr = ref MemoryMarshal.GetReference(dPre);
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; k + 8 <= n; k += 8)
            {
                var y = Vector256.LoadUnsafe(ref yr, (nuint)k);
                var d = Vector256.LoadUnsafe(ref dr, (nuint)k);
                var g = relu ? Vector256.AndNot(d, Vector256.LessThanOrEqual(y, Vector256<float>.Zero)) : d * (Vector256<float>.One - y * y);
                g.StoreUnsafe(ref pr, (nuint)k);
            }
        }
        for (int j = k; j < n; j++)
        {
            float y = hNew[j];
            dPre[j] = relu ? (!(y <= 0f) ? dh[j] : 0f) : dh[j] * (1f - y * y);
        }
    }
}
