// GruKernels: the fused pointwise pass of one GRU step for one row, forward and backward. Gate rows hold
// (r, z, n) blocks of H (PyTorch order); gx = x W_ih^T + b_ih and gh = h W_hh^T + b_hh stay separate
// because the reset gate multiplies (W_hn h + b_hn) ("reset after").
// Forward: r = sigmoid(gx_r + gh_r); z = sigmoid(gx_z + gh_z); n = tanh(gx_n + r gh_n); h' = n + z (h - n).
// Backward (docs/derivations/gru_backward.md): dn = dh'(1 - z); dz = dh'(h - n); dh_direct = dh' z;
// dnPre = dn (1 - n^2); dgx = [dr r(1-r), dz z(1-z), dnPre] with dr = dnPre gh_n; dgh = dgx with n block dnPre r.
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

internal static class GruKernels
{
    /// <summary>act [3H] (out: r, z, n); h [H] (in: h, out: h').</summary>
    internal static void Forward(ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, Span<float> act, Span<float> h, int hidden)
    {
        if (gx.Length < 3 * hidden || gh.Length < 3 * hidden)
            throw new ArgumentException("gru step: a buffer is shorter than the hidden size needs.");
        Run(gx, gh, gh.Slice(2 * hidden), act, h, hidden);
    }

    /// <summary>
    /// One step from folded pre-activations: pre [3H] holds (gx_r + gh_r, gx_z + gh_z, gx_n) and ghN [H] holds
    /// W_hn h + b_hn; act [3H] (out: r, z, n); h [H] (in: h, out: h').
    /// </summary>
    internal static void ForwardFolded(ReadOnlySpan<float> pre, ReadOnlySpan<float> ghN, Span<float> act, Span<float> h, int hidden)
        => Run(pre, default, ghN, act, h, hidden);

    // Over the row in three passes: r and z (VectorMath keeps eight vectors' chains in flight), then
    // n = tanh(pre_n + r ghN) the same way, then h'. gh's r and z blocks are added when given (empty: already
    // folded into pre); ghN is W_hn h + b_hn, which the reset gate multiplies. act may alias pre.
    private static void Run(ReadOnlySpan<float> pre, ReadOnlySpan<float> gh, ReadOnlySpan<float> ghN, Span<float> act, Span<float> h, int n)
    {
        if (pre.Length < 3 * n || ghN.Length < n || act.Length < 3 * n || h.Length < n)
            throw new ArgumentException("gru step: a buffer is shorter than the hidden size needs.");
        VectorMath.Sigmoid(pre[..(2 * n)], gh.IsEmpty ? default : gh[..(2 * n)], act);
        var nAct = act.Slice(2 * n, n);
        ref float p = ref MemoryMarshal.GetReference(pre);
        ref float gn = ref MemoryMarshal.GetReference(ghN);
        ref float a = ref MemoryMarshal.GetReference(act);
        ref float hr = ref MemoryMarshal.GetReference(h);
        nuint nn = (nuint)n;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= n; j += 8)
            {
                nuint o = (nuint)j;
                Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref a, o), Vector256.LoadUnsafe(ref gn, o),
                    Vector256.LoadUnsafe(ref p, o + 2 * nn)).StoreUnsafe(ref a, o + 2 * nn);
            }
        for (; j < n; j++) nAct[j] = act[j] * ghN[j] + pre[2 * n + j];
        VectorMath.Tanh(nAct, nAct);
        j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= n; j += 8)
            {
                nuint o = (nuint)j;
                var c = Vector256.LoadUnsafe(ref a, o + 2 * nn);
                Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref a, o + nn), Vector256.LoadUnsafe(ref hr, o) - c, c).StoreUnsafe(ref hr, o);
            }
        for (; j < n; j++) h[j] = act[n + j] * (h[j] - nAct[j]) + nAct[j];
    }

    /// <summary>
    /// dh [H]: in dL/dh', out the direct part dL/dh = dh' z (the W_hh part is added by the caller);
    /// dGx, dGh [3H] (out).
    /// </summary>
    internal static void Backward(ReadOnlySpan<float> act, ReadOnlySpan<float> ghN, ReadOnlySpan<float> hPrev,
        Span<float> dh, Span<float> dGx, Span<float> dGh, int hidden)
    {
        int n = hidden;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; j + 8 <= n; j += 8)
            {
                var r = Vector256.Create(act.Slice(j, 8));
                var z = Vector256.Create(act.Slice(n + j, 8));
                var c = Vector256.Create(act.Slice(2 * n + j, 8));
                var d = Vector256.Create(dh.Slice(j, 8));
                var dnPre = d * (one - z) * (one - c * c);
                var drPre = dnPre * Vector256.Create(ghN.Slice(j, 8)) * r * (one - r);
                var dzPre = d * (Vector256.Create(hPrev.Slice(j, 8)) - c) * z * (one - z);
                drPre.CopyTo(dGx.Slice(j, 8));
                drPre.CopyTo(dGh.Slice(j, 8));
                dzPre.CopyTo(dGx.Slice(n + j, 8));
                dzPre.CopyTo(dGh.Slice(n + j, 8));
                dnPre.CopyTo(dGx.Slice(2 * n + j, 8));
                (dnPre * r).CopyTo(dGh.Slice(2 * n + j, 8));
                (d * z).CopyTo(dh.Slice(j, 8));
            }
        }
        for (; j < n; j++)
        {
            float r = act[j], z = act[n + j], c = act[2 * n + j], d = dh[j];
            float dnPre = d * (1f - z) * (1f - c * c);
            float drPre = dnPre * ghN[j] * r * (1f - r);
            float dzPre = d * (hPrev[j] - c) * z * (1f - z);
            dGx[j] = drPre;
            dGh[j] = drPre;
            dGx[n + j] = dzPre;
            dGh[n + j] = dzPre;
            dGx[2 * n + j] = dnPre;
            dGh[2 * n + j] = dnPre * r;
            dh[j] = d * z;
        }
    }
}
