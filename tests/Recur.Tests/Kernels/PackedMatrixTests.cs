using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Tests.Kernels;

public class PackedMatrixTests
{
    public static TheoryData<GemmPath, bool> PathsAndTranspose()
    {
        var data = new TheoryData<GemmPath, bool>();
        foreach (var path in Enum.GetValues<GemmPath>())
            if (GemmPaths.IsSupported(path))
                foreach (bool t in new[] { false, true })
                    data.Add(path, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndTranspose))]
    public void Prepacked_products_equal_unpacked_products_exactly(GemmPath path, bool transB)
    {
        var g = new Generator(21);
        foreach (var (m, n, k) in new[] { (5, 7, 3), (32, 512, 128), (33, 129, 257), (64, 100, 600), (200, 4100, 40) })
        {
            var a = Tensor.Uniform(g, -1, 1, m * k).ToArray();
            var b = Tensor.Uniform(g, -1, 1, k * n).ToArray();
            var c0 = Tensor.Uniform(g, -1, 1, m * n).ToArray();
            int ldb = transB ? k : n;
            var expected = (float[])c0.Clone();
            Gemm.Multiply(false, transB, m, n, k, 0.5f, a, k, b, ldb, 1.5f, expected, n, threads: 1, path: path);
            using var packed = Gemm.Pack(transB, k, n, b, ldb, path);
            foreach (int threads in new[] { 1, 2 })
            {
                var actual = (float[])c0.Clone();
                Gemm.Multiply(false, m, n, k, 0.5f, a, k, packed, 1.5f, actual, n, threads);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{path} transB={transB} m={m} n={n} k={k} threads={threads}");
            }
        }
    }

    [Fact]
    public void Mismatched_or_disposed_packs_are_refused()
    {
        var packed = Gemm.Pack(false, 4, 6, new float[24], 6);
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, 2, 6, 5, 1f, new float[10], 5, packed, 0f, new float[12], 6));
        Assert.Contains("4 x 6", e.Message);
        packed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Gemm.Multiply(false, 2, 6, 4, 1f, new float[8], 4, packed, 0f, new float[12], 6));
    }
}
