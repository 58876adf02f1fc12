// LstmKernels: the fused pointwise pass of one LSTM step for one sequence (one batch row), forward and
// backward. Legend: H hidden; gate rows hold (i, f, g, o) blocks of H (PyTorch order).
// Forward: a = gx + gh; i, f, o = sigmoid; g = tanh; c' = f c + i g; raw = o tanh(c').
// Backward (docs/derivations/lstm_backward.md): given dRaw and the carried dc,
// dc += dRaw o (1 - tanh^2 c'); dPre = [dc g i(1-i), dc c f(1-f), dc i (1-g^2), dRaw tanh(c') o(1-o)]; dc <- dc f.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

internal static class LstmKernels
{
    /// <summary>One step's gates for one row. act [4H] (out: activated gates), c [H] (in: c, out: c'), raw [H] (out).</summary>
    internal static void Forward(ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, Span<float> act, Span<float> c,
        Span<float> raw, int hidden)
    {
        if (gx.Length < 4 * hidden || gh.Length < 4 * hidden || act.Length < 4 * hidden || c.Length < hidden || raw.Length < hidden)
            throw new ArgumentException("lstm step: a buffer is shorter than the hidden size needs.");
        Run(ref MemoryMarshal.GetReference(gx), ref MemoryMarshal.GetReference(gh), true, act, c, raw, hidden);
    }

    /// <summary>The same step from summed pre-activations: act [4H] in: pre-activations, out: activated gates.</summary>
    internal static void Activate(Span<float> act, Span<float> c, Span<float> raw, int hidden)
    {
        if (act.Length < 4 * hidden || c.Length < hidden || raw.Length < hidden)
            throw new ArgumentException("lstm step: a buffer is shorter than the hidden size needs.");
        ref float a = ref MemoryMarshal.GetReference(act);
        Run(ref a, ref a, false, act, c, raw, hidden);
    }

    // Two passes over the row's 8-column groups: the first activates the four gates of every group (four
    // independent short chains each) into act; the second updates c and writes raw from them. One fused
    // pass was latency-bound: each group's c' -> tanh(c') chain waited on its gates, and too few groups
    // fit in the out-of-order window to hide it.
    private static void Run(ref float pa, ref float pb, bool addB, Span<float> act, Span<float> c, Span<float> raw, int h)
    {
        ref float ar = ref MemoryMarshal.GetReference(act);
        ref float cr = ref MemoryMarshal.GetReference(c);
        ref float rr = ref MemoryMarshal.GetReference(raw);
        nuint hn = (nuint)h;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= h; j += 8)
            {
                nuint o = (nuint)j;
                var pi = Vector256.LoadUnsafe(ref pa, o);
                var pf = Vector256.LoadUnsafe(ref pa, o + hn);
                var pg = Vector256.LoadUnsafe(ref pa, o + 2 * hn);
                var po = Vector256.LoadUnsafe(ref pa, o + 3 * hn);
                if (addB)
                {
                    pi += Vector256.LoadUnsafe(ref pb, o);
                    pf += Vector256.LoadUnsafe(ref pb, o + hn);
                    pg += Vector256.LoadUnsafe(ref pb, o + 2 * hn);
                    po += Vector256.LoadUnsafe(ref pb, o + 3 * hn);
                }
                VectorMath.Sigmoid(pi).StoreUnsafe(ref ar, o);
                VectorMath.Sigmoid(pf).StoreUnsafe(ref ar, o + hn);
                VectorMath.Tanh(pg).StoreUnsafe(ref ar, o + 2 * hn);
                VectorMath.Sigmoid(po).StoreUnsafe(ref ar, o + 3 * hn);
            }
            for (int k = 0; k < j; k += 8)
            {
                nuint o = (nuint)k;
                var i = Vector256.LoadUnsafe(ref ar, o);
                var f = Vector256.LoadUnsafe(ref ar, o + hn);
                var g = Vector256.LoadUnsafe(ref ar, o + 2 * hn);
                var og = Vector256.LoadUnsafe(ref ar, o + 3 * hn);
                var cNew = Vector256.MultiplyAddEstimate(f, Vector256.LoadUnsafe(ref cr, o), i * g);
                cNew.StoreUnsafe(ref cr, o);
                (og * VectorMath.Tanh(cNew)).StoreUnsafe(ref rr, o);
            }
        }
        for (; j < h; j++)
        {
            float pi = Unsafe.Add(ref pa, j), pf = Unsafe.Add(ref pa, h + j), pg = Unsafe.Add(ref pa, 2 * h + j), po = Unsafe.Add(ref pa, 3 * h + j);
            if (addB)
            {
                pi += Unsafe.Add(ref pb, j);
                pf += Unsafe.Add(ref pb, h + j);
                pg += Unsafe.Add(ref pb, 2 * h + j);
                po += Unsafe.Add(ref pb, 3 * h + j);
            }
            float i = VectorMath.Sigmoid(pi), f = VectorMath.Sigmoid(pf), g = VectorMath.Tanh(pg), og = VectorMath.Sigmoid(po);
            float cNew = float.MultiplyAddEstimate(f, c[j], i * g);
            c[j] = cNew;
            raw[j] = og * VectorMath.Tanh(cNew);
            act[j] = i;
            act[h + j] = f;
            act[2 * h + j] = g;
            act[3 * h + j] = og;
        }
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
