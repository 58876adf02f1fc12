// VectorMath: exp, sigmoid and tanh in single precision on 8-wide vectors, for the recurrent pointwise
// kernels. TensorPrimitives computes these through double precision, about 50 cycles per vector here; the
// gate activations of an LSTM step then cost as much as its recurrent GEMM. These use the Cephes
// single-precision formulas instead (Moshier, "Methods and Programs for Mathematical Functions", 1989):
//   exp:  x = n ln2 + r (ln2 split in two for exact reduction), e^r = 1 + r + r^2 P(r) with a degree-5 P,
//         scaled by 2^n through the exponent bits; the input is clamped to [-87, 88] so 2^n stays normal.
//   tanh: |x| < 0.625: x + x^3 Q(x^2) with a degree-4 Q; else 1 - 2 / (e^{2|x|} + 1), sign restored.
//   sigmoid: 1 / (1 + e^{-x}).
// Errors against double precision are a few units in the last place (tests/Recur.Tests/Kernels/
// VectorMathTests.cs bounds them); NaN propagates (Min and Max keep it). The scalar versions, for a row's
// tail and for machines without 256-bit vectors, run the same formulas.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

internal static class VectorMath
{
    private const float ExpMin = -87f, ExpMax = 88f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f;
    private const float E0 = 1.9875691500e-4f, E1 = 1.3981999507e-3f, E2 = 8.3334519073e-3f,
        E3 = 4.1665795894e-2f, E4 = 1.6666665459e-1f, E5 = 5.0000001201e-1f;
    private const float TanhSmall = 0.625f;
    private const float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
        T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f;

    /// <summary>e^x for 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(ExpMin)), Vector256.Create(ExpMax));
        var n = Vector256.Floor(Vector256.MultiplyAddEstimate(x, Vector256.Create(Log2E), Vector256.Create(0.5f)));
        var r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.MultiplyAddEstimate(Vector256.Create(E0), r, Vector256.Create(E1));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(E2));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(E3));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(E4));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(E5));
        var y = Vector256.MultiplyAddEstimate(p, r * r, r) + Vector256<float>.One;
        var scale = (Vector256.ConvertToInt32Native(n) + Vector256.Create(127)) << 23; // n is within [-125, 127] here
        return y * scale.AsSingle();
    }

    /// <summary>1 / (1 + e^-x) for 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Sigmoid(Vector256<float> x)
        => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>tanh x for 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Tanh(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        var z = ax * ax;
        var q = Vector256.MultiplyAddEstimate(Vector256.Create(T0), z, Vector256.Create(T1));
        q = Vector256.MultiplyAddEstimate(q, z, Vector256.Create(T2));
        q = Vector256.MultiplyAddEstimate(q, z, Vector256.Create(T3));
        q = Vector256.MultiplyAddEstimate(q, z, Vector256.Create(T4));
        var small = Vector256.MultiplyAddEstimate(q * z, ax, ax);
        var large = Vector256<float>.One - Vector256.Create(2f) / (Exp(ax + ax) + Vector256<float>.One);
        var t = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(TanhSmall)), small, large);
        var sign = x & Vector256.Create(-0f);
        return t | sign;
    }

    /// <summary>e^x, the same formula on one value.</summary>
    internal static float Exp(float x)
    {
        x = Math.Min(Math.Max(x, ExpMin), ExpMax);
        float n = MathF.Floor(float.MultiplyAddEstimate(x, Log2E, 0.5f));
        float r = float.MultiplyAddEstimate(n, -Ln2Hi, x);
        r = float.MultiplyAddEstimate(n, -Ln2Lo, r);
        float p = float.MultiplyAddEstimate(E0, r, E1);
        p = float.MultiplyAddEstimate(p, r, E2);
        p = float.MultiplyAddEstimate(p, r, E3);
        p = float.MultiplyAddEstimate(p, r, E4);
        p = float.MultiplyAddEstimate(p, r, E5);
        float y = float.MultiplyAddEstimate(p, r * r, r) + 1f;
        return y * BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
    }

    /// <summary>1 / (1 + e^-x), the same formula on one value.</summary>
    internal static float Sigmoid(float x) => 1f / (1f + Exp(-x));

    /// <summary>tanh x, the same formula on one value.</summary>
    internal static float Tanh(float x)
    {
        float ax = Math.Abs(x);
        float t;
        if (ax < TanhSmall)
        {
            float z = ax * ax;
            float q = float.MultiplyAddEstimate(T0, z, T1);
            q = float.MultiplyAddEstimate(q, z, T2);
            q = float.MultiplyAddEstimate(q, z, T3);
            q = float.MultiplyAddEstimate(q, z, T4);
            t = float.MultiplyAddEstimate(q * z, ax, ax);
        }
        else
        {
            t = 1f - 2f / (Exp(ax + ax) + 1f);
        }
        return MathF.CopySign(t, x);
    }

    /// <summary>y = sigmoid(x) elementwise (x and y may be the same span).</summary>
    internal static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length) throw new ArgumentException("sigmoid: the destination is shorter than the source.");
        ref float xr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref float yr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= x.Length; j += 8)
                Sigmoid(Vector256.LoadUnsafe(ref xr, (nuint)j)).StoreUnsafe(ref yr, (nuint)j);
        for (; j < x.Length; j++) y[j] = Sigmoid(x[j]);
    }

    /// <summary>y = tanh(x) elementwise (x and y may be the same span).</summary>
    internal static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length) throw new ArgumentException("tanh: the destination is shorter than the source.");
        ref float xr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref float yr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= x.Length; j += 8)
                Tanh(Vector256.LoadUnsafe(ref xr, (nuint)j)).StoreUnsafe(ref yr, (nuint)j);
        for (; j < x.Length; j++) y[j] = Tanh(x[j]);
    }
}
