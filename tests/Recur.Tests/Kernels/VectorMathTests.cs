using Recur.Kernels;

namespace Recur.Tests.Kernels;

public class VectorMathTests
{
    // Every float in [-lo, hi] stepped finely, plus the edges where the formulas switch.
    private static float[] Grid(float from, float to, int count)
    {
        var xs = new float[count + 8];
        for (int i = 0; i < count; i++) xs[i] = from + (to - from) * i / (count - 1);
        float[] edges = [0f, -0f, 0.625f, -0.625f, 0.62499994f, 1e-30f, -1e-30f, 87f];
        edges.CopyTo(xs, count);
        return xs;
    }

    private static (double Abs, double Rel) MaxError(float[] got, float[] xs, Func<double, double> exact)
    {
        double abs = 0, rel = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double e = exact(xs[i]);
            double d = Math.Abs(got[i] - e);
            abs = Math.Max(abs, d);
            if (Math.Abs(e) > 1e-30) rel = Math.Max(rel, d / Math.Abs(e));
        }
        return (abs, rel);
    }

    [Fact]
    public void Sigmoid_is_within_a_few_ulp_of_double_precision_in_vector_and_scalar_form()
    {
        var xs = Grid(-30f, 30f, 200_001);
        var vec = new float[xs.Length];
        VectorMath.Sigmoid(xs, vec);
        var scalar = Array.ConvertAll(xs, VectorMath.Sigmoid);
        Func<double, double> exact = x => 1.0 / (1.0 + Math.Exp(-x));
        var (absV, relV) = MaxError(vec, xs, exact);
        var (absS, relS) = MaxError(scalar, xs, exact);
        Assert.True(absV < 2.5e-7 && relV < 1e-6, $"vector sigmoid: max abs {absV:E2}, rel {relV:E2}");
        Assert.True(absS < 2.5e-7 && relS < 1e-6, $"scalar sigmoid: max abs {absS:E2}, rel {relS:E2}");
    }

    [Fact]
    public void Tanh_is_within_a_few_ulp_of_double_precision_on_both_branches()
    {
        var xs = Grid(-12f, 12f, 200_001);
        var vec = new float[xs.Length];
        VectorMath.Tanh(xs, vec);
        var scalar = Array.ConvertAll(xs, VectorMath.Tanh);
        var (absV, relV) = MaxError(vec, xs, Math.Tanh);
        var (absS, relS) = MaxError(scalar, xs, Math.Tanh);
        Assert.True(absV < 2.5e-7 && relV < 1e-6, $"vector tanh: max abs {absV:E2}, rel {relV:E2}");
        Assert.True(absS < 2.5e-7 && relS < 1e-6, $"scalar tanh: max abs {absS:E2}, rel {relS:E2}");
        // Odd symmetry holds exactly (the sign bit is restored, not recomputed).
        for (int i = 0; i < xs.Length; i++) Assert.Equal(-VectorMath.Tanh(xs[i]), VectorMath.Tanh(-xs[i]));
    }

    [Fact]
    public void Exp_is_within_a_few_ulp_over_its_clamped_range()
    {
        var xs = Grid(-86f, 87.5f, 100_001);
        var got = Array.ConvertAll(xs, VectorMath.Exp);
        var (_, rel) = MaxError(got, xs, Math.Exp);
        Assert.True(rel < 5e-7, $"exp: max relative error {rel:E2}");
    }

    [Fact]
    public void Saturates_at_infinities_and_propagates_nan()
    {
        float[] xs = [float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f, float.NaN, 0f, 0f, 0f, float.NaN];
        var s = new float[xs.Length];
        var t = new float[xs.Length];
        VectorMath.Sigmoid(xs, s);
        VectorMath.Tanh(xs, t);
        Assert.Equal([1f, 0f, 1f, 0f], s[..4].Select(v => MathF.Round(v, 6)).ToArray());
        Assert.Equal([1f, -1f, 1f, -1f], t[..4]);
        Assert.True(float.IsNaN(s[4]) && float.IsNaN(t[4]), $"vector lane: sigmoid(NaN) = {s[4]}, tanh(NaN) = {t[4]}");
        Assert.True(float.IsNaN(s[8]) && float.IsNaN(t[8]), $"scalar tail: sigmoid(NaN) = {s[8]}, tanh(NaN) = {t[8]}");
        Assert.Equal(0.5f, s[5]);
        Assert.Equal(0f, t[5]);
    }

    [Fact]
    public void Tanh_keeps_the_sign_of_a_zero_like_pytorch()
    {
        // +0 -> +0 and -0 -> -0 in the vector lanes and the scalar tail (m = expm1(-2|x|) is +0 at 0: its
        // negation was -0 and OR-ing in the sign of +0 could not clear it, so 1/tanh(+0) was -inf).
        float[] xs = [0f, -0f, 1f, -1f, 0f, -0f, 2f, -2f, /* scalar tail: */ 0f, -0f];
        var t = new float[xs.Length];
        VectorMath.Tanh(xs, t);
        foreach (int i in new[] { 0, 4, 8 }) Assert.True(float.IsPositive(t[i]) && t[i] == 0, $"tanh(+0) at {i} = {t[i]}");
        foreach (int i in new[] { 1, 5, 9 }) Assert.True(float.IsNegative(t[i]) && t[i] == 0, $"tanh(-0) at {i} = {t[i]}");
        Assert.Equal(-t[2], t[3]);
    }

    [Fact]
    public void Vector_body_and_scalar_tail_agree_to_an_ulp()
    {
        var xs = Grid(-9f, 9f, 10_001);
        var vec = new float[xs.Length];
        VectorMath.Tanh(xs, vec);
        for (int i = 0; i < xs.Length; i++)
            Assert.True(Math.Abs(vec[i] - VectorMath.Tanh(xs[i])) <= 1.2e-7f, $"tanh({xs[i]}): vector {vec[i]}, scalar {VectorMath.Tanh(xs[i])}");
    }

    [Fact]
    public void Summed_span_forms_equal_the_activation_of_the_precomputed_sum_at_every_length()
    {
        // Lengths cover the eight- and four-vector bodies, the one-vector loop and the scalar tail, alone and together.
        var rnd = new Random(5);
        for (int n = 0; n <= 140; n++)
        {
            var x = new float[n];
            var add = new float[n];
            for (int i = 0; i < n; i++) (x[i], add[i]) = ((float)(rnd.NextDouble() * 16 - 8), (float)(rnd.NextDouble() * 4 - 2));
            var sum = x.Zip(add, (a, b) => a + b).ToArray();
            var (s1, s2, t1, t2) = (new float[n], new float[n], new float[n], new float[n]);
            VectorMath.Sigmoid(x, add, s1);
            VectorMath.Sigmoid(sum, s2);
            VectorMath.Tanh(x, add, t1);
            VectorMath.Tanh(sum, t2);
            Assert.Equal(s2, s1);
            Assert.Equal(t2, t1);
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(s1[i] - 1.0 / (1.0 + Math.Exp(-sum[i]))) < 2.5e-7, $"n = {n}: sigmoid({sum[i]}) = {s1[i]}");
                Assert.True(Math.Abs(t1[i] - Math.Tanh(sum[i])) < 2.5e-7, $"n = {n}: tanh({sum[i]}) = {t1[i]}");
            }
        }
    }

    [Fact]
    public void A_lane_gives_the_same_bits_in_the_eight_four_and_one_vector_loops()
    {
        // 104 = 64 + 32 + 8: each vector of the row goes through a different loop than when it is activated alone.
        var rnd = new Random(11);
        var x = new float[104];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rnd.NextDouble() * 20 - 10);
        var (sAll, tAll) = (new float[x.Length], new float[x.Length]);
        VectorMath.Sigmoid(x, sAll);
        VectorMath.Tanh(x, tAll);
        for (int o = 0; o < x.Length; o += 8)
        {
            var (s, t) = (new float[8], new float[8]);
            VectorMath.Sigmoid(x.AsSpan(o, 8), s);
            VectorMath.Tanh(x.AsSpan(o, 8), t);
            Assert.Equal(s, sAll[o..(o + 8)]);
            Assert.Equal(t, tAll[o..(o + 8)]);
        }
    }

    [Fact]
    public void Tanh_product_equals_tanh_then_multiply_bit_for_bit_and_writes_its_copy()
    {
        // The LSTM's h = o tanh(c') in one pass must give the bits of the two passes it replaced, at lengths
        // covering the eight- and four-vector bodies, the one-vector loop and the scalar tail; in place over x, too.
        var rnd = new Random(9);
        for (int n = 0; n <= 140; n++)
        {
            var x = new float[n];
            var mul = new float[n];
            for (int i = 0; i < n; i++) (x[i], mul[i]) = ((float)(rnd.NextDouble() * 12 - 6), (float)rnd.NextDouble());
            var expected = new float[n];
            VectorMath.Tanh(x, expected);
            for (int i = 0; i < n; i++) expected[i] *= mul[i];
            var (y, copy) = (new float[n], new float[n]);
            VectorMath.TanhProduct(x, mul, y, copy);
            Assert.Equal(expected, y);
            Assert.Equal(expected, copy);
            var inPlace = (float[])x.Clone();
            VectorMath.TanhProduct(inPlace, mul, inPlace, default);
            Assert.Equal(expected, inPlace);
            for (int i = 0; i < n; i++)
                Assert.True(Math.Abs(y[i] - Math.Tanh(x[i]) * mul[i]) < 2.5e-7, $"n = {n}: tanh({x[i]}) * {mul[i]} = {y[i]}");
        }
    }

    [Fact]
    public void Tanh_product_rejects_a_short_multiplier_destination_or_copy()
    {
        var x = new float[10];
        Assert.Contains("destination is shorter", Assert.Throws<ArgumentException>(() => VectorMath.TanhProduct(x, new float[10], new float[9], default)).Message);
        Assert.Contains("multiplier is shorter", Assert.Throws<ArgumentException>(() => VectorMath.TanhProduct(x, new float[9], new float[10], default)).Message);
        Assert.Contains("copy is shorter", Assert.Throws<ArgumentException>(() => VectorMath.TanhProduct(x, new float[10], new float[10], new float[9])).Message);
    }

    [Fact]
    public void Span_forms_reject_a_short_destination_or_addend()
    {
        var x = new float[10];
        Assert.Contains("destination is shorter", Assert.Throws<ArgumentException>(() => VectorMath.Sigmoid(x, new float[9])).Message);
        Assert.Contains("added operand is shorter", Assert.Throws<ArgumentException>(() => VectorMath.Tanh(x, new float[3], new float[10])).Message);
    }
}
