// RecurrentReference: the plain-loop specification of one recurrent layer in one direction, forward and
// backward through time, generic over float and double (gradient checks run in double). It is the oracle
// for the fused kernels: it walks each sequence directly (time t = s forward, len_b - 1 - s reversed),
// where the fused kernels use GEMMs and gathered buffers. Formulas: shared/docs/PYTORCH_CONVENTIONS.md;
// derivations: docs/derivations/. Legend: T time, B batch, I input, H hidden, P projection (0: none),
// Hout = P > 0 ? P : H, G gates x H. Layouts: x [T, B, I], out [T, B, Hout], h [B, Hout], c [B, H],
// W_ih [G, I], W_hh [G, Hout], b [G], W_hr [P, H].
using System.Numerics;

namespace Recur.Kernels.Reference;

/// <summary>Weights of one layer and direction, PyTorch layout (gate blocks stacked along rows).</summary>
public sealed record RecurrentWeights<T>(T[] WIh, T[] WHh, T[]? BIh, T[]? BHh, T[]? WHr = null);

/// <summary>Forward results: out [T, B, Hout], hN [B, Hout], cN [B, H] (LSTM only).</summary>
public sealed record RecurrentOutputs<T>(T[] Output, T[] HN, T[]? CN);

/// <summary>Gradients of every input of one layer and direction.</summary>
public sealed record RecurrentGradients<T>(T[] DX, T[] DH0, T[]? DC0, RecurrentWeights<T> DWeights);

/// <summary>Sizes of one recurrent layer's problem.</summary>
/// <param name="Steps">T.</param>
/// <param name="Batch">B.</param>
/// <param name="Input">I.</param>
/// <param name="Hidden">H.</param>
/// <param name="Projection">P (0: no projection; LSTM only).</param>
public readonly record struct RecurrentDims(int Steps, int Batch, int Input, int Hidden, int Projection = 0)
{
    /// <summary>Size of h: P when projecting, else H.</summary>
    public int HOut => Projection > 0 ? Projection : Hidden;
}

/// <summary>Naive forward and backward of one recurrent layer and direction.</summary>
public static class RecurrentReference
{
    /// <summary>Runs the layer; <paramref name="lengths"/> (null: all T) gives each sequence's valid steps.</summary>
    public static RecurrentOutputs<T> Forward<T>(CellKind kind, RecurrentDims d, T[] x, T[] h0, T[]? c0,
        RecurrentWeights<T> w, int[]? lengths, bool reverse) where T : IFloatingPointIeee754<T>
        => Run(kind, d, x, h0, c0, w, lengths, reverse, null, null, null);

    /// <summary>
    /// Gradients of L with respect to every input, given dL/dout [T, B, Hout], dL/dhN [B, Hout] and
    /// dL/dcN [B, H] (LSTM).
    /// </summary>
    public static RecurrentGradients<T> Backward<T>(CellKind kind, RecurrentDims d, T[] x, T[] h0, T[]? c0,
        RecurrentWeights<T> w, int[]? lengths, bool reverse, T[] dOut, T[] dhN, T[]? dcN)
        where T : IFloatingPointIeee754<T>
    {
        var grads = new RecurrentGradients<T>(new T[x.Length], new T[h0.Length], c0 == null ? null : new T[c0.Length],
            new RecurrentWeights<T>(new T[w.WIh.Length], new T[w.WHh.Length], w.BIh == null ? null : new T[w.BIh.Length],
                w.BHh == null ? null : new T[w.BHh.Length], w.WHr == null ? null : new T[w.WHr.Length]));
        Run(kind, d, x, h0, c0, w, lengths, reverse, dOut, (dhN, dcN), grads);
        return grads;
    }

    private static RecurrentOutputs<T> Run<T>(CellKind kind, RecurrentDims d, T[] x, T[] h0, T[]? c0,
        RecurrentWeights<T> w, int[]? lengths, bool reverse, T[]? dOut, (T[] dhN, T[]? dcN)? dFinal,
        RecurrentGradients<T>? grads) where T : IFloatingPointIeee754<T>
    {
        int steps = d.Steps, batch = d.Batch, inp = d.Input, hid = d.Hidden, hout = d.HOut;
        int g = kind.GateCount() * hid;
        bool lstm = kind == CellKind.Lstm, gru = kind == CellKind.Gru;
        var output = new T[steps * batch * hout];
        var hN = new T[batch * hout];
        var cN = lstm ? new T[batch * hid] : null;

        // Saved per (sequence, step): the state before the step and the gate pre-activations.
        var hPrev = new T[steps, batch][];
        var cPrev = new T[steps, batch][];
        var gx = new T[steps, batch][];   // x W_ih^T + b_ih
        var gh = new T[steps, batch][];   // h W_hh^T + b_hh
        var cNew = new T[steps, batch][];
        var hRaw = new T[steps, batch][]; // o * tanh(c) before projection
        var len = new int[batch];

        for (int b = 0; b < batch; b++)
        {
            len[b] = lengths?[b] ?? steps;
            var h = h0.AsSpan(b * hout, hout).ToArray();
            var c = lstm ? c0!.AsSpan(b * hid, hid).ToArray() : [];
            for (int s = 0; s < len[b]; s++)
            {
                int t = reverse ? len[b] - 1 - s : s;
                hPrev[s, b] = h;
                cPrev[s, b] = c;
                var xi = x.AsSpan((t * batch + b) * inp, inp);
                var a = Affine(w.WIh, w.BIh, xi, g, inp);
                var r = Affine(w.WHh, w.BHh, h, g, hout);
                gx[s, b] = a;
                gh[s, b] = r;
                T[] hNext;
                if (lstm)
                {
                    var cn = new T[hid];
                    var raw = new T[hid];
                    for (int j = 0; j < hid; j++)
                    {
                        T i = Sigmoid(a[j] + r[j]), f = Sigmoid(a[hid + j] + r[hid + j]);
                        T gg = T.Tanh(a[2 * hid + j] + r[2 * hid + j]), o = Sigmoid(a[3 * hid + j] + r[3 * hid + j]);
                        cn[j] = f * c[j] + i * gg;
                        raw[j] = o * T.Tanh(cn[j]);
                    }
                    cNew[s, b] = cn;
                    hRaw[s, b] = raw;
                    c = cn;
                    hNext = w.WHr == null ? raw : Affine(w.WHr, null, raw, hout, hid);
                }
                else if (gru)
                {
                    hNext = new T[hid];
                    for (int j = 0; j < hid; j++)
                    {
                        T rr = Sigmoid(a[j] + r[j]), z = Sigmoid(a[hid + j] + r[hid + j]);
                        T n = T.Tanh(a[2 * hid + j] + rr * r[2 * hid + j]);
                        hNext[j] = (T.One - z) * n + z * h[j];
                    }
                }
                else
                {
                    hNext = new T[hid];
                    for (int j = 0; j < hid; j++)
                    {
                        T pre = a[j] + r[j];
                        hNext[j] = kind == CellKind.RnnTanh ? T.Tanh(pre) : T.Max(pre, T.Zero);
                    }
                }
                h = hNext;
                h.CopyTo(output.AsSpan((t * batch + b) * hout, hout));
            }
            h.CopyTo(hN.AsSpan(b * hout, hout));
            if (lstm) c.CopyTo(cN!.AsSpan(b * hid, hid));
        }

        if (grads != null)
            BackwardThroughTime(kind, d, x, w, reverse, dOut!, dFinal!.Value, grads, len, hPrev, cPrev, gx, gh, cNew, hRaw);
        return new RecurrentOutputs<T>(output, hN, cN);
    }

    private static void BackwardThroughTime<T>(CellKind kind, RecurrentDims d, T[] x, RecurrentWeights<T> w,
        bool reverse, T[] dOut, (T[] dhN, T[]? dcN) dFinal, RecurrentGradients<T> grads, int[] len,
        T[,][] hPrev, T[,][] cPrev, T[,][] gx, T[,][] gh, T[,][] cNew, T[,][] hRaw) where T : IFloatingPointIeee754<T>
    {
        int batch = d.Batch, inp = d.Input, hid = d.Hidden, hout = d.HOut;
        int g = kind.GateCount() * hid;
        bool lstm = kind == CellKind.Lstm, gru = kind == CellKind.Gru;
        var dw = grads.DWeights;
        for (int b = 0; b < batch; b++)
        {
            var dh = dFinal.dhN.AsSpan(b * hout, hout).ToArray();
            var dc = lstm ? dFinal.dcN!.AsSpan(b * hid, hid).ToArray() : [];
            for (int s = len[b] - 1; s >= 0; s--)
            {
                int t = reverse ? len[b] - 1 - s : s;
                var a = gx[s, b];
                var r = gh[s, b];
                var hp = hPrev[s, b];
                for (int j = 0; j < hout; j++) dh[j] += dOut[(t * batch + b) * hout + j];
                var dA = new T[g];   // dL/d(gx): gradient of the input-side pre-activations
                var dR = new T[g];   // dL/d(gh): gradient of the recurrent-side pre-activations
                var dhPrev = new T[hout];
                if (lstm)
                {
                    var dRaw = dh;
                    if (dw.WHr != null)
                    {
                        dRaw = new T[hid];
                        for (int p = 0; p < hout; p++)
                            for (int j = 0; j < hid; j++)
                            {
                                dRaw[j] += dh[p] * w.WHr![p * hid + j];
                                dw.WHr[p * hid + j] += dh[p] * hRaw[s, b][j];
                            }
                    }
                    var cp = cPrev[s, b];
                    var cn = cNew[s, b];
                    var dcPrev = new T[hid];
                    for (int j = 0; j < hid; j++)
                    {
                        T i = Sigmoid(a[j] + r[j]), f = Sigmoid(a[hid + j] + r[hid + j]);
                        T gg = T.Tanh(a[2 * hid + j] + r[2 * hid + j]), o = Sigmoid(a[3 * hid + j] + r[3 * hid + j]);
                        T tc = T.Tanh(cn[j]);
                        T dcj = dc[j] + dRaw[j] * o * (T.One - tc * tc);
                        T dO = dRaw[j] * tc;
                        dA[j] = dcj * gg * i * (T.One - i);
                        dA[hid + j] = dcj * cp[j] * f * (T.One - f);
                        dA[2 * hid + j] = dcj * i * (T.One - gg * gg);
                        dA[3 * hid + j] = dO * o * (T.One - o);
                        dcPrev[j] = dcj * f;
                    }
                    dA.CopyTo(dR, 0);
                    dc = dcPrev;
                }
                else if (gru)
                {
                    for (int j = 0; j < hid; j++)
                    {
                        T rr = Sigmoid(a[j] + r[j]), z = Sigmoid(a[hid + j] + r[hid + j]);
                        T n = T.Tanh(a[2 * hid + j] + rr * r[2 * hid + j]);
                        T dn = dh[j] * (T.One - z);
                        T dz = dh[j] * (hp[j] - n);
                        dhPrev[j] = dh[j] * z;
                        T dnPre = dn * (T.One - n * n);
                        T drPre = dnPre * r[2 * hid + j] * rr * (T.One - rr);
                        T dzPre = dz * z * (T.One - z);
                        dA[j] = drPre; dR[j] = drPre;
                        dA[hid + j] = dzPre; dR[hid + j] = dzPre;
                        dA[2 * hid + j] = dnPre; dR[2 * hid + j] = dnPre * rr;
                    }
                }
                else
                {
                    for (int j = 0; j < hid; j++)
                    {
                        T pre = a[j] + r[j];
                        T deriv = kind == CellKind.RnnTanh ? T.One - T.Tanh(pre) * T.Tanh(pre) : (pre <= T.Zero ? T.Zero : T.One);
                        dA[j] = dh[j] * deriv;
                    }
                    dA.CopyTo(dR, 0);
                }

                var xi = x.AsSpan((t * batch + b) * inp, inp);
                for (int q = 0; q < g; q++)
                {
                    for (int k = 0; k < inp; k++)
                    {
                        grads.DX[(t * batch + b) * inp + k] += dA[q] * w.WIh[q * inp + k];
                        dw.WIh[q * inp + k] += dA[q] * xi[k];
                    }
                    for (int k = 0; k < hout; k++)
                    {
                        dhPrev[k] += dR[q] * w.WHh[q * hout + k];
                        dw.WHh[q * hout + k] += dR[q] * hp[k];
                    }
                    if (dw.BIh != null) dw.BIh[q] += dA[q];
                    if (dw.BHh != null) dw.BHh[q] += dR[q];
                }
                dh = dhPrev;
            }
            dh.CopyTo(grads.DH0.AsSpan(b * hout, hout));
            if (lstm) dc.CopyTo(grads.DC0!.AsSpan(b * hid, hid));
        }
    }

    private static T Sigmoid<T>(T v) where T : IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-v));

    /// <summary>W v + bias for W [rows, cols].</summary>
    private static T[] Affine<T>(T[] weight, T[]? bias, ReadOnlySpan<T> v, int rows, int cols) where T : IFloatingPointIeee754<T>
    {
        var result = new T[rows];
        for (int q = 0; q < rows; q++)
        {
            T sum = bias == null ? T.Zero : bias[q];
            for (int k = 0; k < cols; k++) sum += weight[q * cols + k] * v[k];
            result[q] = sum;
        }
        return result;
    }
}
