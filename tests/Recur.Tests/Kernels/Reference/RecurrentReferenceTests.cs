using Recur.Kernels;
using Recur.Kernels.Reference;
using Recur.Tensors;

namespace Recur.Tests.Kernels.Reference;

/// <summary>Finite differences in double of the reference backward: the oracle is checked against calculus.</summary>
public class RecurrentReferenceTests
{
    public static TheoryData<CellKind, int, bool, bool> Cases()
    {
        var data = new TheoryData<CellKind, int, bool, bool>();
        foreach (var kind in Enum.GetValues<CellKind>())
            foreach (bool reverse in new[] { false, true })
                data.Add(kind, 0, reverse, true);
        data.Add(CellKind.Lstm, 2, false, true);
        data.Add(CellKind.Lstm, 2, true, false);
        data.Add(CellKind.Gru, 0, false, false);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_matches_finite_differences_in_double(CellKind kind, int proj, bool reverse, bool withLengths)
    {
        var g = new Generator(9);
        int T = 4, B = 3, I = 3, H = 4;
        var d = new RecurrentDims(T, B, I, H, proj);
        int G = kind.GateCount() * H, hout = d.HOut;
        double[] R(int n)
        {
            var a = new double[n];
            for (int i = 0; i < n; i++) a[i] = g.NextDouble() * 1.6 - 0.8;
            return a;
        }
        var w = new RecurrentWeights<double>(R(G * I), R(G * hout), R(G), R(G), proj > 0 ? R(proj * H) : null);
        var x = R(T * B * I);
        var h0 = R(B * hout);
        var c0 = kind == CellKind.Lstm ? R(B * H) : null;
        int[]? lengths = withLengths ? [2, 4, 3] : null;
        var wOut = R(T * B * hout);
        var wH = R(B * hout);
        var wC = c0 != null ? R(B * H) : null;

        double Loss()
        {
            var o = RecurrentReference.Forward(kind, d, x, h0, c0, w, lengths, reverse);
            double sum = 0;
            for (int i = 0; i < o.Output.Length; i++) sum += o.Output[i] * wOut[i];
            for (int i = 0; i < o.HN.Length; i++) sum += o.HN[i] * wH[i];
            if (o.CN != null) for (int i = 0; i < o.CN.Length; i++) sum += o.CN[i] * wC![i];
            return sum;
        }

        var grads = RecurrentReference.Backward(kind, d, x, h0, c0, w, lengths, reverse, wOut, wH, wC);
        var pairs = new List<(string, double[], double[])>
        {
            ("x", x, grads.DX), ("h0", h0, grads.DH0), ("W_ih", w.WIh, grads.DWeights.WIh), ("W_hh", w.WHh, grads.DWeights.WHh),
            ("b_ih", w.BIh!, grads.DWeights.BIh!), ("b_hh", w.BHh!, grads.DWeights.BHh!),
        };
        if (c0 != null) pairs.Add(("c0", c0, grads.DC0!));
        if (proj > 0) pairs.Add(("W_hr", w.WHr!, grads.DWeights.WHr!));
        const double eps = 1e-6;
        foreach (var (name, value, grad) in pairs)
        {
            double max = 0;
            for (int i = 0; i < value.Length; i++)
            {
                double saved = value[i];
                value[i] = saved + eps;
                double plus = Loss();
                value[i] = saved - eps;
                double minus = Loss();
                value[i] = saved;
                double numeric = (plus - minus) / (2 * eps);
                max = Math.Max(max, Math.Abs(numeric - grad[i]));
                Assert.True(Math.Abs(numeric - grad[i]) <= 1e-7 + 1e-6 * Math.Abs(numeric),
                    $"{kind} d{name}[{i}]: analytic {grad[i]:G12}, numeric {numeric:G12}");
            }
        }
    }
}
