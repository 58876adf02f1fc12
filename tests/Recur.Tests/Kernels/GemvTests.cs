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

    [Fact]
    public void Short_buffers_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemv.Multiply(new float[5], 2, 3, new float[3], new float[2]));
        Assert.Contains("W [2, 3]", e.Message);
    }
}
