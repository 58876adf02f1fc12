// CopyMemoryProblemTests: the Arjovsky et al. (2016) layout (symbols, blanks, delimiter, copied targets),
// the memoryless baseline 10 ln(8) / (T + 20), seeded repeatability and clear errors.
using Recur.Data;
using Recur.Tensors;

namespace Recur.Tests.Data;

public class CopyMemoryProblemTests
{
    [Fact]
    public void Input_and_target_follow_the_Arjovsky_layout()
    {
        const int T = 5, K = 3, B = 50;
        var p = new CopyMemoryProblem(T, new Generator(1), symbols: 4, copyLength: K);
        Assert.Equal(T + 2 * K, p.SequenceLength);
        Assert.Equal(6, p.Classes);
        Assert.Equal(5, p.Delimiter);
        var (x, y) = p.Batch(B);
        Assert.Equal(new[] { B, T + 2 * K }, x.ShapeArray);
        Assert.Equal(new[] { B, T + 2 * K }, y.ShapeArray);
        var seen = new HashSet<float>();
        for (int b = 0; b < B; b++)
        {
            var xr = x.ToArray().AsSpan(b * 11, 11).ToArray();
            var yr = y.ToArray().AsSpan(b * 11, 11).ToArray();
            for (int j = 0; j < K; j++) { Assert.InRange(xr[j], 1f, 4f); seen.Add(xr[j]); }
            Assert.All(xr[K..(K + T - 1)], v => Assert.Equal(0f, v));  // T - 1 blanks
            Assert.Equal(5f, xr[K + T - 1]);                             // the delimiter
            Assert.All(xr[(K + T)..], v => Assert.Equal(0f, v));        // K blanks while recalling
            Assert.All(yr[..(T + K)], v => Assert.Equal(0f, v));        // T + K blank targets
            Assert.Equal(xr[..K], yr[(T + K)..]);                        // then the copied symbols
        }
        Assert.Equal(new float[] { 1, 2, 3, 4 }, seen.Order());
    }

    [Fact]
    public void Default_form_has_length_T_plus_20_and_ten_classes()
    {
        var p = new CopyMemoryProblem(100, new Generator(2));
        Assert.Equal(120, p.SequenceLength);
        Assert.Equal(10, p.Classes);
        var (x, _) = p.Batch(2);
        Assert.Equal(9f, x.GetValue(0, 10 + 100 - 1));
        Assert.Equal(1, x.ToArray().Count(v => v == 9f) / 2);
    }

    [Fact]
    public void Baseline_is_10_ln8_over_T_plus_20()
    {
        Assert.Equal(10 * Math.Log(8) / 120, CopyMemoryProblem.BaselineLoss(100), 12);
        Assert.Equal(0.17328679513998632, CopyMemoryProblem.BaselineLoss(100), 12);
        Assert.Equal(3 * Math.Log(4) / 11, new CopyMemoryProblem(5, new Generator(1), 4, 3).Baseline, 12);
    }

    [Fact]
    public void Fill_reuses_caller_buffers_and_seeds_repeat()
    {
        var p = new CopyMemoryProblem(4, new Generator(3), copyLength: 2);
        var x = Tensor.Full(7f, 3, 8);
        var y = Tensor.Full(7f, 3, 8);
        p.Fill(x, y);
        var (x2, y2) = new CopyMemoryProblem(4, new Generator(3), copyLength: 2).Batch(3);
        Assert.Equal(x2.ToArray(), x.ToArray());
        Assert.Equal(y2.ToArray(), y.ToArray());
        Assert.NotEqual(x2.ToArray(), new CopyMemoryProblem(4, new Generator(4), copyLength: 2).Batch(3).X.ToArray());
        var e = Assert.Throws<ArgumentException>(() => p.Fill(Tensor.Zeros(3, 9), y));
        Assert.Contains("x and y must both be [B, 8], got [3, 9] and [3, 8]", e.Message);
    }

    [Fact]
    public void Bad_inputs_have_clear_errors()
    {
        var g = new Generator(1);
        Assert.Contains("delay must be at least 1, got 0", Assert.Throws<ArgumentException>(() => new CopyMemoryProblem(0, g)).Message);
        Assert.Contains("at least 1 symbol, got 0", Assert.Throws<ArgumentException>(() => new CopyMemoryProblem(5, g, symbols: 0)).Message);
        Assert.Contains("copy length must be at least 1, got 0", Assert.Throws<ArgumentException>(() => new CopyMemoryProblem(5, g, copyLength: 0)).Message);
        Assert.Contains("batch size must be positive, got 0", Assert.Throws<ArgumentException>(() => new CopyMemoryProblem(5, g).Batch(0)).Message);
        Assert.Throws<ArgumentNullException>(() => new CopyMemoryProblem(5, null!));
    }

    [Fact]
    public void A_delay_near_int_max_is_refused_not_an_overflowed_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => new CopyMemoryProblem(2147483640, new Generator(1)));
        Assert.Contains("at most 1,000,000 are supported (--length)", e.Message);
        Assert.Equal(1_000_000, new CopyMemoryProblem(1_000_000 - 20, new Generator(1)).Delay + 20);
    }
}
