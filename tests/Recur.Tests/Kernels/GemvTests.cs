using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Tests.Kernels;

public class GemvTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(13, 17)]
    [InlineData(64, 33)]
    [InlineData(1024, 320)]
    [InlineData(1027, 257)]
    public void Matches_a_double_reference_and_does_not_depend_on_threads(int rows, int k)
    {
        var g = new Generator((ulong)(rows * 1000 + k));
        var w = Tensor.Uniform(g, -1, 1, rows * k).ToArray();
        var x = Tensor.Uniform(g, -1, 1, k).ToArray();
        var y0 = Tensor.Uniform(g, -1, 1, rows).ToArray();
        var expected = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            double s = y0[r];
            for (int j = 0; j < k; j++) s += (double)w[r * k + j] * x[j];
            expected[r] = (float)s;
        }
        var one = (float[])y0.Clone();
        var two = (float[])y0.Clone();
        Gemv.Multiply(w, rows, k, x, one, accumulate: true, threads: 1);
        Gemv.Multiply(w, rows, k, x, two, accumulate: true, threads: 2);
        TestUtil.AssertClose(expected, one, 1e-5 * Math.Sqrt(k), 1e-5, "gemv");
        Assert.Equal(one, two);
        var fresh = new float[rows];
        Gemv.Multiply(w, rows, k, x, fresh);
        TestUtil.AssertClose(expected.Select((v, i) => v - y0[i]).ToArray(), fresh, 1e-5 * Math.Sqrt(k), 1e-4, "gemv without accumulate");
    }

    [Theory]
    [InlineData(768, 320, 256, 256, 1)]
    [InlineData(768, 320, 256, 256, 2)]
    [InlineData(30, 7, 13, 5, 2)]
    [InlineData(1027, 65, 9, 70, 2)]
    public void Two_products_in_one_region_equal_two_separate_calls_bit_for_bit(int rows1, int k1, int rows2, int k2, int threads)
    {
        // A GRU step's gate product and W_hn h: one fork and join, the same bits as two Multiply calls (split or not).
        var g = new Generator((ulong)(rows1 + k2));
        float[] R(int n) => Tensor.Uniform(g, -1, 1, n).ToArray();
        var (w1, x1, y1, w2, x2, y2) = (R(rows1 * k1), R(k1), R(rows1), R(rows2 * k2), R(k2), R(rows2));
        var (e1, e2) = ((float[])y1.Clone(), (float[])y2.Clone());
        Gemv.Multiply(w1, rows1, k1, x1, e1, accumulate: true, threads: 1);
        Gemv.Multiply(w2, rows2, k2, x2, e2, accumulate: true, threads: 1);
        Gemv.Multiply2(w1, rows1, k1, x1, y1, w2, rows2, k2, x2, y2, accumulate: true, threads: threads);
        Assert.Equal(e1, y1);
        Assert.Equal(e2, y2);
        Assert.Contains(y2, v => v != 0f);
    }

    [Fact]
    public void Two_products_reject_a_short_buffer_of_either()
    {
        var ok = new float[64 * 1024];
        var e = Assert.Throws<ArgumentException>(() => Gemv.Multiply2(ok, 64, 1024, new float[1024], new float[64], new float[5], 2, 3, new float[3], new float[2], threads: 2));
        Assert.Contains("W [2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gemv.Multiply2(new float[5], 64, 1024, new float[1024], new float[64], new float[6], 2, 3, new float[3], new float[2], threads: 2));
        Assert.Contains("W [64, 1024]", e.Message);
    }

    [Fact]
    public void Short_buffers_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemv.Multiply(new float[5], 2, 3, new float[3], new float[2]));
        Assert.Contains("W [2, 3]", e.Message);
    }
}
