using Recur.Kernels;
using Recur.Kernels.Reference;
using Recur.Tensors;

namespace Recur.Tests.Kernels;

public class GemmTests
{
    private static readonly int[] AwkwardSizes =
        [.. Enumerable.Range(1, 17), 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257];

    public static TheoryData<GemmPath, bool, bool> PathsAndTransposes()
    {
        var data = new TheoryData<GemmPath, bool, bool>();
        foreach (var path in Enum.GetValues<GemmPath>())
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    data.Add(path, ta, tb);
        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndTransposes))]
    public void Matches_reference_over_awkward_sizes(GemmPath path, bool transA, bool transB)
    {
        if (!RequireOrExpectRefusal(path)) return;
        var g = new Generator(11);
        var cases = new List<(int, int, int)>();
        foreach (int s in AwkwardSizes) cases.Add((s, s, s));
        for (int i = 0; i < 60; i++)
            cases.Add((Pick(g), Pick(g), Pick(g)));
        foreach (var (m, n, k) in cases)
            CheckOne(g, path, transA, transB, m, n, k, alpha: 1f, beta: 0f, pad: 0, threads: 1);
    }

    [Theory]
    [MemberData(nameof(PathsAndTransposes))]
    public void Alpha_beta_and_padded_leading_dimensions(GemmPath path, bool transA, bool transB)
    {
        if (!RequireOrExpectRefusal(path)) return;
        var g = new Generator(12);
        foreach (var (m, n, k) in new[] { (7, 13, 5), (33, 17, 65), (64, 129, 300), (150, 40, 257) })
        {
            CheckOne(g, path, transA, transB, m, n, k, alpha: 0.5f, beta: -1.5f, pad: 3, threads: 1);
            CheckOne(g, path, transA, transB, m, n, k, alpha: 2f, beta: 1f, pad: 0, threads: 2);
        }
    }

    [Fact]
    public void Large_blocked_sizes_cross_every_cache_block()
    {
        // m > Mc, n > Nc, k > Kc: exercises every blocking loop, the K-block accumulation and edge tiles.
        var g = new Generator(13);
        CheckOne(g, GemmPaths.Best, false, true, Gemm.Mc + 7, Gemm.Nc + 21, Gemm.Kc * 2 + 3, 1f, 0.25f, 0, 2);
    }

    [Fact]
    public void Result_does_not_depend_on_thread_count()
    {
        var g = new Generator(14);
        foreach (var (m, n, k) in new[] { (257, 129, 300), (64, 2048, 96), (900, 40, 33) })
        {
            var a = Tensor.Uniform(g, -1, 1, m * k).ToArray();
            var b = Tensor.Uniform(g, -1, 1, k * n).ToArray();
            var c1 = new float[m * n];
            var c2 = new float[m * n];
            Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c1, n, threads: 1);
            Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c2, n, threads: 2);
            Assert.Equal(c1, c2);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Narrow_products_reading_a_in_place_equal_the_packed_a_product_exactly(bool transB)
    {
        // n <= Gemm.RowsANarrowN: the AVX2 kernel reads A's rows in place (dX = dG W_ih); one column more
        // packs A. Columns are independent tiles with the same k order, so the shared columns must agree
        // bit for bit (rows in blocks past Mc, a K past one block, beta 1).
        if (!GemmPaths.IsSupported(GemmPath.Avx2Fma)) return;
        var g = new Generator(31);
        int m = 300, k = 520, narrow = Gemm.RowsANarrowN, wide = narrow + 1;
        var a = Tensor.Uniform(g, -1, 1, m * k).ToArray();
        var b = Tensor.Uniform(g, -1, 1, k * wide).ToArray();
        var c0 = Tensor.Uniform(g, -1, 1, m * wide).ToArray();
        var cWide = (float[])c0.Clone();
        Gemm.Multiply(false, transB, m, wide, k, 1f, a, k, b, transB ? k : wide, 1f, cWide, wide, path: GemmPath.Avx2Fma);
        // The narrow product takes the first 64 columns of op(B): rows of B (transposed) or a column window.
        var cNarrow = (float[])c0.Clone();
        Gemm.Multiply(false, transB, m, narrow, k, 1f, a, k, b, transB ? k : wide, 1f, cNarrow, wide, path: GemmPath.Avx2Fma);
        for (int i = 0; i < m; i++)
        {
            Assert.True(cWide.AsSpan(i * wide, narrow).SequenceEqual(cNarrow.AsSpan(i * wide, narrow)), $"row {i}");
            Assert.Equal(c0[i * wide + narrow], cNarrow[i * wide + narrow]); // the column outside the product is untouched
        }
        for (int i = 0; i < m; i += 7)
            for (int j = 0; j < narrow; j++)
            {
                double sum = c0[i * wide + j];
                for (int p = 0; p < k; p++) sum += (double)a[i * k + p] * (transB ? b[j * k + p] : b[p * wide + j]);
                Assert.True(Math.Abs(cNarrow[i * wide + j] - sum) < 1e-3, $"({i}, {j}): {cNarrow[i * wide + j]} vs {sum}");
            }
    }

    [Fact]
    public void Beta_zero_ignores_nan_in_c_and_k_zero_scales_c()
    {
        var a = new float[] { 1, 2, 3, 4 };
        var c = new float[] { float.NaN, float.NaN, float.NaN, float.NaN };
        Gemm.Multiply(false, false, 2, 2, 2, 1f, a, 2, a, 2, 0f, c, 2);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, c);
        Gemm.Multiply(false, false, 2, 2, 0, 1f, [], 1, [], 2, 2f, c, 2);
        Assert.Equal(new float[] { 14, 20, 30, 44 }, c);
    }

    [Fact]
    public void Too_small_buffers_and_bad_leading_dimensions_throw()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Contains("A is 4 x 4", e.Message);
        e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 4, 4, 4, 1f, new float[16], 3, new float[16], 4, 0f, new float[16], 4));
        Assert.Contains("leading dimension of A", e.Message);
    }

    [Fact]
    public void Path_names_resolve_and_unknown_names_throw()
    {
        Assert.Equal(GemmPath.Scalar, GemmPaths.Resolve("scalar"));
        Assert.Equal(GemmPath.Vector128, GemmPaths.Resolve("Vector128"));
        Assert.Equal(GemmPaths.Best, GemmPaths.Resolve(null));
        if (GemmPaths.IsSupported(GemmPath.Avx2Fma))
            Assert.Equal(GemmPath.Avx2Fma, GemmPaths.Resolve("avx2"));
        var e = Assert.Throws<ArgumentException>(() => GemmPaths.Resolve("avx512"));
        Assert.Contains(GemmPaths.EnvironmentVariable, e.Message);
    }

    /// <summary>
    /// True when the CPU runs <paramref name="path"/>. Otherwise (e.g. under DOTNET_EnableAVX2=0) forcing it
    /// must throw, which is checked here, and the numeric test has nothing to run.
    /// </summary>
    private static bool RequireOrExpectRefusal(GemmPath path)
    {
        if (GemmPaths.IsSupported(path)) return true;
        Assert.Throws<PlatformNotSupportedException>(() =>
            Gemm.Multiply(false, false, 1, 1, 1, 1f, [1f], 1, [1f], 1, 0f, new float[1], 1, path: path));
        return false;
    }

    private static int Pick(Generator g) => AwkwardSizes[g.NextInt(AwkwardSizes.Length)];

    private static void CheckOne(Generator g, GemmPath path, bool transA, bool transB, int m, int n, int k,
        float alpha, float beta, int pad, int threads)
    {
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        var a = Tensor.Uniform(g, -1, 1, aRows * lda).ToArray();
        var b = Tensor.Uniform(g, -1, 1, bRows * ldb).ToArray();
        var c = Tensor.Uniform(g, -1, 1, m * ldc).ToArray();
        var expected = new double[m * ldc];
        var bound = new double[m * ldc];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = transA ? a[p * lda + i] : a[i * lda + p];
                    double bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                    abs += Math.Abs(av * bv);
                }
                double old = c[i * ldc + j];
                expected[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * old);
                bound[i * ldc + j] = (k + 2) * 1.2e-7 * (Math.Abs(alpha) * abs + Math.Abs(beta * old)) + 1e-7;
            }
        var actual = (float[])c.Clone();
        Gemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, actual, ldc, threads, path);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                int ix = i * ldc + j;
                if (j >= n)
                {
                    Assert.True(actual[ix] == c[ix], $"{path} m={m} n={n} k={k}: padding column {j} of row {i} was written");
                    continue;
                }
                double diff = Math.Abs(actual[ix] - expected[ix]);
                Assert.True(diff <= bound[ix],
                    $"{path} transA={transA} transB={transB} m={m} n={n} k={k}: C[{i},{j}] = {actual[ix]:G9}, reference {expected[ix]:G9}, diff {diff:G3} > {bound[ix]:G3}");
            }
        }
    }
}
