// LstmKernels: the fused pointwise pass of one LSTM step for one sequence (one batch row), forward and
// backward. Legend: H hidden; gate rows hold (i, f, g, o) blocks of H (PyTorch order).
// Forward: a = gx + gh; i, f, o = sigmoid; g = tanh; c' = f c + i g; raw = o tanh(c').
// Backward (docs/derivations/lstm_backward.md): given dRaw and the carried dc,
// dc += dRaw o (1 - tanh^2 c'); dPre = [dc g i(1-i), dc c f(1-f), dc i (1-g^2), dRaw tanh(c') o(1-o)]; dc <- dc f.
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

internal static class LstmKernels
{
    /// <summary>One step's gates for one row. act [4H] (out: activated gates), c [H] (in: c, out: c'), raw [H] (out).</summary>
    /// <remarks>A non-empty <paramref name="copy"/> [H] also receives raw (the step's output, written as it is made).</remarks>
    internal static void Forward(ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, Span<float> act, Span<float> c,
        Span<float> raw, int hidden, Span<float> copy = default)
    {
        if (gx.Length < 4 * hidden || gh.Length < 4 * hidden || act.Length < 4 * hidden || c.Length < hidden || raw.Length < hidden
            || (!copy.IsEmpty && copy.Length < hidden))
            throw new ArgumentException("lstm step: a buffer is shorter than the hidden size needs.");
        Run(gx[..(4 * hidden)], gh[..(4 * hidden)], act, c, raw[..hidden], copy.IsEmpty ? copy : copy[..hidden], hidden);
    }

    /// <summary>One step from summed pre-activations pre [4H] (x W_ih^T + h W_hh^T + biases); act may be pre.</summary>
    /// <remarks>A non-empty <paramref name="copy"/> [H] also receives raw.</remarks>
    internal static void Forward(ReadOnlySpan<float> pre, Span<float> act, Span<float> c, Span<float> raw, int hidden,
        Span<float> copy = default)
    {
        if (pre.Length < 4 * hidden || act.Length < 4 * hidden || c.Length < hidden || raw.Length < hidden
            || (!copy.IsEmpty && copy.Length < hidden))
            throw new ArgumentException("lstm step: a buffer is shorter than the hidden size needs.");
        Run(pre[..(4 * hidden)], default, act, c, raw[..hidden], copy.IsEmpty ? copy : copy[..hidden], hidden);
    }

    /// <summary>The same step from summed pre-activations: act [4H] in: pre-activations, out: activated gates.</summary>
    internal static void Activate(Span<float> act, Span<float> c, Span<float> raw, int hidden)
        => Forward(act, act, c, raw, hidden);

    // Gate by gate over the whole row, each activation eight vectors at a time (VectorMath's span forms keep
    // independent chains in flight; one group of columns at a time was latency-bound), then c' and
    // o tanh(c') in one pass (written to raw and, if given, its copy). Everything a row touches (act, c,
    // raw: 6H floats) stays in L1.
    private static void Run(ReadOnlySpan<float> pre, ReadOnlySpan<float> gh, Span<float> act, Span<float> c, Span<float> raw,
        Span<float> copy, int h)
    {
        bool add = !gh.IsEmpty;
        VectorMath.Sigmoid(pre[..(2 * h)], add ? gh[..(2 * h)] : default, act);                                   // i, f
        VectorMath.Tanh(pre.Slice(2 * h, h), add ? gh.Slice(2 * h, h) : default, act.Slice(2 * h, h));            // g
        VectorMath.Sigmoid(pre.Slice(3 * h, h), add ? gh.Slice(3 * h, h) : default, act.Slice(3 * h, h));         // o
        ref float ar = ref MemoryMarshal.GetReference(act);
        ref float cr = ref MemoryMarshal.GetReference(c);
        nuint hn = (nuint)h;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= h; j += 8)
            {
                nuint o = (nuint)j;
                var i = Vector256.LoadUnsafe(ref ar, o);
                var f = Vector256.LoadUnsafe(ref ar, o + hn);
                var g = Vector256.LoadUnsafe(ref ar, o + 2 * hn);
                Vector256.MultiplyAddEstimate(f, Vector256.LoadUnsafe(ref cr, o), i * g).StoreUnsafe(ref cr, o);
            }
        }
        for (; j < h; j++) c[j] = act[h + j] * c[j] + act[j] * act[2 * h + j];
        VectorMath.TanhProduct(c[..h], act.Slice(3 * h, h), raw, copy);
    }

    /// <summary>
    /// Backward of one step for one row. dRaw [H]: gradient of o tanh(c'); dc [H]: in dL/dc', out dL/dc;
    /// dPre [4H] (out): gradient of the gate pre-activations; tanhC [H]: scratch.
    /// </summary>
    internal static void Backward(ReadOnlySpan<float> act, ReadOnlySpan<float> cNew, ReadOnlySpan<float> cPrev,
        ReadOnlySpan<float> dRaw, Span<float> dc, Span<float> dPre, Span<float> tanhC, int hidden)
    {
        int h = hidden;
        VectorMath.Tanh(cNew[..h], tanhC);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; j + 8 <= h; j += 8)
            {
                var i = Vector256.Create(act.Slice(j, 8));
                var f = Vector256.Create(act.Slice(h + j, 8));
                var g = Vector256.Create(act.Slice(2 * h + j, 8));
                var o = Vector256.Create(act.Slice(3 * h + j, 8));
                var tc = Vector256.Create(tanhC.Slice(j, 8));
                var dr = Vector256.Create(dRaw.Slice(j, 8));
                var dcj = Vector256.Create(dc.Slice(j, 8)) + dr * o * (one - tc * tc);
                (dcj * g * i * (one - i)).CopyTo(dPre.Slice(j, 8));
                (dcj * Vector256.Create(cPrev.Slice(j, 8)) * f * (one - f)).CopyTo(dPre.Slice(h + j, 8));
                (dcj * i * (one - g * g)).CopyTo(dPre.Slice(2 * h + j, 8));
                (dr * tc * o * (one - o)).CopyTo(dPre.Slice(3 * h + j, 8));
                (dcj * f).CopyTo(dc.Slice(j, 8));
            }
        }
        for (; j < h; j++)
        {
            float i = act[j], f = act[h + j], g = act[2 * h + j], o = act[3 * h + j], tc = tanhC[j];
            float dcj = dc[j] + dRaw[j] * o * (1f - tc * tc);
            dPre[j] = dcj * g * i * (1f - i);
            dPre[h + j] = dcj * cPrev[j] * f * (1f - f);
            dPre[2 * h + j] = dcj * i * (1f - g * g);
            dPre[3 * h + j] = dRaw[j] * tc * o * (1f - o);
            dc[j] = dcj * f;
        }
    }
}
