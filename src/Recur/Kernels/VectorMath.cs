// VectorMath: exp, sigmoid and tanh in single precision on 8-wide vectors, for the recurrent pointwise
// kernels. TensorPrimitives computes these through double precision, about 50 cycles per vector here; the
// gate activations of an LSTM step then cost as much as its recurrent GEMM. These use single precision:
//   exp:  x = n ln2 + r with n = round(x log2 e) (ln2 split in two so the reduction is exact), and
//         e^r - 1 = q = r + r^2 P(r) with the degree-5 Cephes polynomial P (Moshier, "Methods and Programs
//         for Mathematical Functions", 1989); e^x = 2^n (1 + q), 2^n built in the exponent bits. n is rounded
//         by adding and subtracting 1.5 * 2^23, which leaves n in the low mantissa bits of the sum. The input
//         is clamped to [-87, 88] so 2^n stays normal.
//   expm1 (inside tanh): 2^n q + (2^n - 1), which keeps full relative precision for small arguments (n = 0).
//   tanh: with m = expm1(-2|x|), tanh |x| = -m / (2 + m); the sign is restored. One formula for every x.
//   sigmoid: 1 / (1 + e^{-x}).
// Errors against double precision are a few units in the last place (tests/Recur.Tests/Kernels/
// VectorMathTests.cs bounds them); NaN propagates (Min and Max keep it). The span forms run eight vectors
// at a time (then four, then one), stage by stage, so that independent dependency chains are in flight:
// one activation is a chain of about 60 cycles, and one vector at a time left the core mostly waiting.
// Eight measured 15-30 % faster than four (sigmoid about 12 -> 9 cycles a vector, tanh 14 -> 12.5),
// although some of the eight chains' values spill to the stack. Every lane runs the same operations
// whatever the grouping, so the bits do not depend on it. The scalar versions,
// for a row's tail and for machines without 256-bit vectors, run the same formulas with separate
// multiplies and adds, so that their bits do not depend on whether the JIT fuses a call site
// (float.MultiplyAddEstimate leaves that open); they may differ from a fused vector lane by an ulp.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

internal static class VectorMath
{
    // The clamp keeps 2^n normal, so sigmoid(x) bottoms out at 1/(1 + e^88) = 6e-39 below x = -88 (PyTorch: 0 or
    // a subnormal); an absolute error under 1e-38. Clamping higher would make 2^n infinite with q < 0: NaN.
    private const float ExpMin = -87f, ExpMax = 88f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f;
    private const float E0 = 1.9875691500e-4f, E1 = 1.3981999507e-3f, E2 = 8.3334519073e-3f,
        E3 = 4.1665795894e-2f, E4 = 1.6666665459e-1f, E5 = 5.0000001201e-1f;

    /// <summary>1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, held in the low bits.</summary>
    private const float RoundMagic = 12582912f;

    // ---- stages (vector) ----

    /// <summary>Range reduction: r with x = n ln2 + r, and 2^n as a float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Reduce(Vector256<float> x, out Vector256<float> scale)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(ExpMin)), Vector256.Create(ExpMax));
        var t = Vector256.MultiplyAddEstimate(x, Vector256.Create(Log2E), Vector256.Create(RoundMagic));
        var n = t - Vector256.Create(RoundMagic);
        // The low bits of t hold n + 0x400000; shifted by 23 the high bits fall off, so 127 + n lands in the exponent.
        scale = ((t.AsInt32() + Vector256.Create(127)) << 23).AsSingle();
        var r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Hi), x);
        return Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Lo), r);
    }

    /// <summary>e^r - 1 for a reduced argument |r| &lt;= ln2 / 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Poly(Vector256<float> r)
    {
        var p = Vector256.MultiplyAddEstimate(Vector256.Create(E0), r, Vector256.Create(E1));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(E2));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(E3));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(E4));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(E5));
        return Vector256.MultiplyAddEstimate(p, r * r, r);
    }

    /// <summary>sigmoid from the parts of e^{-x}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> SigmoidFinish(Vector256<float> q, Vector256<float> scale)
        => Vector256<float>.One / (Vector256.MultiplyAddEstimate(scale, q, scale) + Vector256<float>.One);

    /// <summary>tanh from the parts of e^{-2|x|} and the sign of x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> TanhFinish(Vector256<float> q, Vector256<float> scale, Vector256<float> sign)
    {
        var m = Vector256.MultiplyAddEstimate(scale, q, scale - Vector256<float>.One);
        // m lies in (-1, 0], so -m = |m|; Abs also turns an m of +0 into +0 (not -0), so tanh(+0) = +0.
        return (Vector256.Abs(m) / (m + Vector256.Create(2f))) | sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MinusTwoAbs(Vector256<float> x) => Vector256.Abs(x) * Vector256.Create(-2f);

    // ---- one vector ----

    /// <summary>1 / (1 + e^-x) for 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Sigmoid(Vector256<float> x)
    {
        var q = Poly(Reduce(-x, out var scale));
        return SigmoidFinish(q, scale);
    }

    /// <summary>tanh x for 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Tanh(Vector256<float> x)
    {
        var q = Poly(Reduce(MinusTwoAbs(x), out var scale));
        return TanhFinish(q, scale, x & Vector256.Create(-0f));
    }

    // ---- one value (the same formulas) ----

    private static float Reduce(float x, out float scale)
    {
        x = Math.Min(Math.Max(x, ExpMin), ExpMax);
        float t = x * Log2E + RoundMagic;
        float n = t - RoundMagic;
        scale = BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(t) + 127) << 23);
        float r = n * -Ln2Hi + x;
        return n * -Ln2Lo + r;
    }

    private static float Poly(float r)
    {
        float p = E0 * r + E1;
        p = p * r + E2;
        p = p * r + E3;
        p = p * r + E4;
        p = p * r + E5;
        return p * (r * r) + r;
    }

    /// <summary>e^x, the same formula on one value.</summary>
    internal static float Exp(float x)
    {
        float q = Poly(Reduce(x, out float scale));
        return scale * q + scale;
    }

    /// <summary>1 / (1 + e^-x), the same formula on one value.</summary>
    internal static float Sigmoid(float x)
    {
        float q = Poly(Reduce(-x, out float scale));
        return 1f / (scale * q + scale + 1f);
    }

    /// <summary>tanh x, the same formula on one value.</summary>
    internal static float Tanh(float x)
    {
        float q = Poly(Reduce(-2f * Math.Abs(x), out float scale));
        float m = scale * q + (scale - 1f);
        return MathF.CopySign(-m / (m + 2f), x);
    }

    // ---- spans, eight vectors at a time ----

    /// <summary>y = sigmoid(x) elementwise (x and y may be the same span).</summary>
    internal static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Sigmoid(x, default, y);

    /// <summary>y = tanh(x) elementwise (x and y may be the same span).</summary>
    internal static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Tanh(x, default, y);

    /// <summary>y = sigmoid(x + add) elementwise; an empty <paramref name="add"/> adds nothing. y may alias x.</summary>
    internal static void Sigmoid(ReadOnlySpan<float> x, ReadOnlySpan<float> add, Span<float> y)
    {
        Check("sigmoid", x.Length, add, y);
        if (add.IsEmpty) Activate<Plain, SigmoidOp, Direct>(x, x, y, default, default);
        else Activate<Summed, SigmoidOp, Direct>(x, add, y, default, default);
    }

    /// <summary>y = tanh(x + add) elementwise; an empty <paramref name="add"/> adds nothing. y may alias x.</summary>
    internal static void Tanh(ReadOnlySpan<float> x, ReadOnlySpan<float> add, Span<float> y)
    {
        Check("tanh", x.Length, add, y);
        if (add.IsEmpty) Activate<Plain, TanhOp, Direct>(x, x, y, default, default);
        else Activate<Summed, TanhOp, Direct>(x, add, y, default, default);
    }

    // The loops are generic over how an input vector is loaded, which activation runs and how the result is
    // stored, so each combination compiles to its own branch-free loop (the JIT specialises generics over structs).
    private interface IInput
    {
        static abstract Vector256<float> Load(ref float x, ref float add, nuint o);
        static abstract float Load(ReadOnlySpan<float> x, ReadOnlySpan<float> add, int j);
    }

    private readonly struct Plain : IInput
    {
        public static Vector256<float> Load(ref float x, ref float add, nuint o) => Vector256.LoadUnsafe(ref x, o);
        public static float Load(ReadOnlySpan<float> x, ReadOnlySpan<float> add, int j) => x[j];
    }

    private readonly struct Summed : IInput
    {
        public static Vector256<float> Load(ref float x, ref float add, nuint o) => Vector256.LoadUnsafe(ref x, o) + Vector256.LoadUnsafe(ref add, o);
        public static float Load(ReadOnlySpan<float> x, ReadOnlySpan<float> add, int j) => x[j] + add[j];
    }

    /// <summary>An activation split at its reduction: the argument e^z is taken of, and the result from e^z's parts.</summary>
    private interface IActivation
    {
        static abstract Vector256<float> Argument(Vector256<float> x);
        static abstract Vector256<float> Finish(Vector256<float> q, Vector256<float> scale, Vector256<float> x);
        static abstract float Scalar(float x);
    }

    private readonly struct SigmoidOp : IActivation
    {
        public static Vector256<float> Argument(Vector256<float> x) => -x;
        public static Vector256<float> Finish(Vector256<float> q, Vector256<float> scale, Vector256<float> x) => SigmoidFinish(q, scale);
        public static float Scalar(float x) => Sigmoid(x);
    }

    private readonly struct TanhOp : IActivation
    {
        public static Vector256<float> Argument(Vector256<float> x) => MinusTwoAbs(x);
        public static Vector256<float> Finish(Vector256<float> q, Vector256<float> scale, Vector256<float> x)
            => TanhFinish(q, scale, x & Vector256.Create(-0f));
        public static float Scalar(float x) => Tanh(x);
    }

    /// <summary>How a result is stored: as it is, or times a multiplier (and also into a copy).</summary>
    private interface IOutput
    {
        static abstract void Store(Vector256<float> v, ref float y, ref float mul, ref float copy, nuint o);
        static abstract void Store(float v, Span<float> y, ReadOnlySpan<float> mul, Span<float> copy, int j);
    }

    private readonly struct Direct : IOutput
    {
        public static void Store(Vector256<float> v, ref float y, ref float mul, ref float copy, nuint o) => v.StoreUnsafe(ref y, o);
        public static void Store(float v, Span<float> y, ReadOnlySpan<float> mul, Span<float> copy, int j) => y[j] = v;
    }

    private readonly struct Product : IOutput
    {
        public static void Store(Vector256<float> v, ref float y, ref float mul, ref float copy, nuint o)
            => (v * Vector256.LoadUnsafe(ref mul, o)).StoreUnsafe(ref y, o);
        public static void Store(float v, Span<float> y, ReadOnlySpan<float> mul, Span<float> copy, int j) => y[j] = v * mul[j];
    }

    private readonly struct ProductCopied : IOutput
    {
        public static void Store(Vector256<float> v, ref float y, ref float mul, ref float copy, nuint o)
        {
            var p = v * Vector256.LoadUnsafe(ref mul, o);
            p.StoreUnsafe(ref y, o);
            p.StoreUnsafe(ref copy, o);
        }

        public static void Store(float v, Span<float> y, ReadOnlySpan<float> mul, Span<float> copy, int j) => y[j] = copy[j] = v * mul[j];
    }

    private static void Activate<TIn, TOp, TOut>(ReadOnlySpan<float> x, ReadOnlySpan<float> add, Span<float> y,
        ReadOnlySpan<float> mul, Span<float> copy)
        where TIn : struct, IInput where TOp : struct, IActivation where TOut : struct, IOutput
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float ar = ref MemoryMarshal.GetReference(add);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float mr = ref MemoryMarshal.GetReference(mul);
        ref float cr = ref MemoryMarshal.GetReference(copy);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 64 <= n; j += 64)
            {
                nuint o = (nuint)j;
                var v0 = TIn.Load(ref xr, ref ar, o);
                var v1 = TIn.Load(ref xr, ref ar, o + 8);
                var v2 = TIn.Load(ref xr, ref ar, o + 16);
                var v3 = TIn.Load(ref xr, ref ar, o + 24);
                var v4 = TIn.Load(ref xr, ref ar, o + 32);
                var v5 = TIn.Load(ref xr, ref ar, o + 40);
                var v6 = TIn.Load(ref xr, ref ar, o + 48);
                var v7 = TIn.Load(ref xr, ref ar, o + 56);
                var r0 = Reduce(TOp.Argument(v0), out var s0);
                var r1 = Reduce(TOp.Argument(v1), out var s1);
                var r2 = Reduce(TOp.Argument(v2), out var s2);
                var r3 = Reduce(TOp.Argument(v3), out var s3);
                var r4 = Reduce(TOp.Argument(v4), out var s4);
                var r5 = Reduce(TOp.Argument(v5), out var s5);
                var r6 = Reduce(TOp.Argument(v6), out var s6);
                var r7 = Reduce(TOp.Argument(v7), out var s7);
                var q0 = Poly(r0);
                var q1 = Poly(r1);
                var q2 = Poly(r2);
                var q3 = Poly(r3);
                var q4 = Poly(r4);
                var q5 = Poly(r5);
                var q6 = Poly(r6);
                var q7 = Poly(r7);
                TOut.Store(TOp.Finish(q0, s0, v0), ref yr, ref mr, ref cr, o);
                TOut.Store(TOp.Finish(q1, s1, v1), ref yr, ref mr, ref cr, o + 8);
                TOut.Store(TOp.Finish(q2, s2, v2), ref yr, ref mr, ref cr, o + 16);
                TOut.Store(TOp.Finish(q3, s3, v3), ref yr, ref mr, ref cr, o + 24);
                TOut.Store(TOp.Finish(q4, s4, v4), ref yr, ref mr, ref cr, o + 32);
                TOut.Store(TOp.Finish(q5, s5, v5), ref yr, ref mr, ref cr, o + 40);
                TOut.Store(TOp.Finish(q6, s6, v6), ref yr, ref mr, ref cr, o + 48);
                TOut.Store(TOp.Finish(q7, s7, v7), ref yr, ref mr, ref cr, o + 56);
            }
            // The same stages four vectors wide for what is left: through the one-vector loop alone, a 32-value
            // remainder measured about 28 cycles a vector (tanh) against 14 here.
            for (; j + 32 <= n; j += 32)
            {
                nuint o = (nuint)j;
                var v0 = TIn.Load(ref xr, ref ar, o);
                var v1 = TIn.Load(ref xr, ref ar, o + 8);
                var v2 = TIn.Load(ref xr, ref ar, o + 16);
                var v3 = TIn.Load(ref xr, ref ar, o + 24);
                var r0 = Reduce(TOp.Argument(v0), out var s0);
                var r1 = Reduce(TOp.Argument(v1), out var s1);
                var r2 = Reduce(TOp.Argument(v2), out var s2);
                var r3 = Reduce(TOp.Argument(v3), out var s3);
                var q0 = Poly(r0);
                var q1 = Poly(r1);
                var q2 = Poly(r2);
                var q3 = Poly(r3);
                TOut.Store(TOp.Finish(q0, s0, v0), ref yr, ref mr, ref cr, o);
                TOut.Store(TOp.Finish(q1, s1, v1), ref yr, ref mr, ref cr, o + 8);
                TOut.Store(TOp.Finish(q2, s2, v2), ref yr, ref mr, ref cr, o + 16);
                TOut.Store(TOp.Finish(q3, s3, v3), ref yr, ref mr, ref cr, o + 24);
            }
            for (; j + 8 <= n; j += 8)
            {
                nuint o = (nuint)j;
                var v = TIn.Load(ref xr, ref ar, o);
                var r = Reduce(TOp.Argument(v), out var s);
                TOut.Store(TOp.Finish(Poly(r), s, v), ref yr, ref mr, ref cr, o);
            }
        }
        for (; j < n; j++) TOut.Store(TOp.Scalar(TIn.Load(x, add, j)), y, mul, copy, j);
    }

    /// <summary>
    /// y = tanh(x) * mul elementwise (an LSTM's h = o tanh(c')), also written to <paramref name="copy"/>
    /// when that is not empty: one pass where tanh, multiply and copy took three. y may alias x or mul.
    /// </summary>
    internal static void TanhProduct(ReadOnlySpan<float> x, ReadOnlySpan<float> mul, Span<float> y, Span<float> copy)
    {
        int n = x.Length;
        Check("tanh product", n, default, y);
        if (mul.Length < n) throw new ArgumentException("tanh product: the multiplier is shorter than the source.");
        if (!copy.IsEmpty && copy.Length < n) throw new ArgumentException("tanh product: the copy is shorter than the source.");
        if (copy.IsEmpty) Activate<Plain, TanhOp, Product>(x, x, y, mul, copy);
        else Activate<Plain, TanhOp, ProductCopied>(x, x, y, mul, copy);
    }

    private static void Check(string op, int n, ReadOnlySpan<float> add, Span<float> y)
    {
        if (y.Length < n) throw new ArgumentException($"{op}: the destination is shorter than the source.");
        if (!add.IsEmpty && add.Length < n) throw new ArgumentException($"{op}: the added operand is shorter than the source.");
    }
}
