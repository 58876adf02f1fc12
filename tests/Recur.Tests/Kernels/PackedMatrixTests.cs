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

    [Theory]
    [MemberData(nameof(PathsAndTranspose))]
    public void Few_row_products_reading_a_in_place_equal_the_packed_a_product_exactly(GemmPath path, bool transB)
    {
        // Up to Gemm.RowsAMaxRows rows in whole 6- and 4-row panels (16 = 6 + 6 + 4, 8 = 4 + 4) and k within
        // one K block, the AVX2 kernel reads A's rows where they are (k = 300 takes the packed path); rows
        // lda apart (wider than k), a column edge, and beta 0 and 1.5: the same bits as the product that packs A.
        var g = new Generator(23);
        foreach (int m in new[] { 6, 8, 10, 14, 16, 17, 32, 46, 48, 50 }) // above Gemm.SmallM, where both products block
            foreach (int k in new[] { 200, Gemm.Kc, 300 })
            foreach (float beta in new[] { 0f, 1.5f })
            {
                int n = 37, lda = k + 5;
                var a = Tensor.Uniform(g, -1, 1, m * lda).ToArray();
                var b = Tensor.Uniform(g, -1, 1, k * n).ToArray();
                var c0 = Tensor.Uniform(g, -1, 1, m * n).ToArray();
                int ldb = transB ? k : n;
                var expected = (float[])c0.Clone();
                Gemm.Multiply(false, transB, m, n, k, 0.5f, a, lda, b, ldb, beta, expected, n, threads: 1, path: path);
                using var packed = Gemm.Pack(transB, k, n, b, ldb, path);
                var actual = (float[])c0.Clone();
                Gemm.Multiply(false, m, n, k, 0.5f, a, lda, packed, beta, actual, n);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{path} transB={transB} m={m} k={k} beta={beta}");
                var reference = (float[])c0.Clone();
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double sum = 0;
                        for (int p = 0; p < k; p++) sum += (double)a[i * lda + p] * (transB ? b[j * k + p] : b[p * n + j]);
                        reference[i * n + j] = (float)(0.5 * sum + beta * c0[i * n + j]);
                    }
                TestUtil.AssertClose(reference, actual, 1e-4, 1e-4, $"m={m} k={k}");
            }
    }

    [Fact]
    public void Only_blocks_of_whole_six_and_four_row_panels_read_a_in_place()
    {
        // The in-place kernel reads exactly its tile's rows, so a block qualifies only when no panel is
        // padded: every panel 6 rows or (the AVX2 kernel's narrow ones) 4.
        var kernel = GemmKernel.For(GemmPath.Avx2Fma);
        for (int mc = 1; mc <= 60; mc++)
        {
            var rows = new List<int>();
            for (int ir = 0, r; ir < mc; ir += r) rows.Add(r = kernel.PanelRows(mc, ir));
            Assert.Equal(rows.All(r => r is 6 or 4), kernel.PanelsAreWhole(mc));
        }
        Assert.True(kernel.PanelsAreWhole(16));
        Assert.False(kernel.PanelsAreWhole(17));
        Assert.False(kernel.PanelsAreWhole(2));
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

    [Theory]
    [MemberData(nameof(PathsAndTranspose))]
    public void Operands_packed_in_row_ranges_equal_the_operand_packed_whole(GemmPath path, bool transB)
    {
        // op(B) = [B1; B2] stacked along K: B1's rows [0, k1), B2's [k1, k). Splits inside one K block and
        // across the Gemm.Kc boundary (k1 = 200, k = 330) must pack exactly as the concatenated matrix.
        var g = new Generator(22);
        foreach (var (k1, k2, n) in new[] { (3, 4, 5), (64, 128, 512), (200, 130, 37) })
        {
            int k = k1 + k2;
            var b1 = Tensor.Uniform(g, -1, 1, k1 * n).ToArray();
            var b2 = Tensor.Uniform(g, -1, 1, k2 * n).ToArray();
            // The whole operand in B's storage order: transB stores op(B)^T, n rows of k.
            var whole = new float[k * n];
            for (int p = 0; p < k; p++)
                for (int j = 0; j < n; j++)
                {
                    float v = p < k1 ? (transB ? b1[j * k1 + p] : b1[p * n + j]) : (transB ? b2[j * k2 + p - k1] : b2[(p - k1) * n + j]);
                    if (transB) whole[j * k + p] = v;
                    else whole[p * n + j] = v;
                }
            using var expected = Gemm.Pack(transB, k, n, whole, transB ? k : n, path);
            using var stacked = Gemm.Pack(transB, k, n, new float[k * n], transB ? k : n, path);
            Gemm.PackInto(stacked, transB, b1, transB ? k1 : n, 0, k1);
            Gemm.PackInto(stacked, transB, b2, transB ? k2 : n, k1, k2);
            var a = Tensor.Uniform(g, -1, 1, 7 * k).ToArray();
            var want = new float[7 * n];
            var got = new float[7 * n];
            Gemm.Multiply(false, 7, n, k, 1f, a, k, expected, 0f, want, n);
            Gemm.Multiply(false, 7, n, k, 1f, a, k, stacked, 0f, got, n);
            Assert.True(want.AsSpan().SequenceEqual(got), $"{path} transB={transB} k1={k1} k2={k2} n={n}");
        }
    }

    [Fact]
    public void Row_ranges_outside_the_packed_operand_are_refused()
    {
        using var packed = Gemm.Pack(false, 4, 6, new float[24], 6);
        var e = Assert.Throws<ArgumentException>(() => Gemm.PackInto(packed, false, new float[18], 6, 2, 3));
        Assert.Contains("rows [2, 5) are outside the packed operand's 4 rows", e.Message);
    }
}
