// OrthogonalTests: Init.Orthogonal gives orthonormal rows (rows <= cols) or columns (rows > cols) to 1e-5,
// scaled by the gain, for square, wide, tall and 3-D (flattened) weights; the Householder QR's sign-corrected
// Q equals Gram-Schmidt's (the unique Q with a positive R diagonal, as torch.nn.init.orthogonal_ produces).
using Recur.Layers.Init;
using Recur.Tensors;
using Inits = Recur.Layers.Init.Initializers;

namespace Recur.Tests.Layers.Init;

public class OrthogonalTests
{
    // G = W W^T (rows x rows) when rows <= cols, else W^T W (cols x cols), in double.
    private static double MaxDeviationFromScaledIdentity(float[] w, int rows, int cols, double scale)
    {
        bool byRows = rows <= cols;
        int n = byRows ? rows : cols, len = byRows ? cols : rows;
        double max = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int k = 0; k < len; k++)
                    dot += byRows ? (double)w[i * cols + k] * w[j * cols + k] : (double)w[k * cols + i] * w[k * cols + j];
                max = Math.Max(max, Math.Abs(dot - (i == j ? scale : 0)));
            }
        return max;
    }

    [Theory]
    [InlineData(6, 6, 1f)]
    [InlineData(5, 9, 1f)]
    [InlineData(9, 5, 1f)]
    [InlineData(64, 16, 1f)]
    [InlineData(16, 64, 2f)]
    [InlineData(1, 8, 1f)]
    public void Rows_or_columns_are_orthonormal(int rows, int cols, float gain)
    {
        var w = Inits.Orthogonal(Tensor.Zeros(rows, cols), new Generator((ulong)(rows * 100 + cols)), gain);
        double dev = MaxDeviationFromScaledIdentity(w.ToArray(), rows, cols, gain * gain);
        Assert.True(dev < 1e-5 * gain * gain, $"{rows}x{cols}: max |G - gain^2 I| = {dev:G3}");
    }

    [Fact]
    public void Trailing_dimensions_are_flattened()
    {
        var w = Inits.Orthogonal(Tensor.Zeros(4, 3, 2), new Generator(5));
        double dev = MaxDeviationFromScaledIdentity(w.ToArray(), 4, 6, 1);
        Assert.True(dev < 1e-5, $"max |W W^T - I| = {dev:G3}");
        Assert.Contains("2 or more dimensions", Assert.Throws<ArgumentException>(() => Inits.Orthogonal(Tensor.Zeros(3), new Generator(0))).Message);
    }

    [Fact]
    public void Sign_corrected_householder_q_equals_gram_schmidt()
    {
        const int m = 7, n = 4;
        var g = new Generator(11);
        var a = new double[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = g.NextNormal();
        // Modified Gram-Schmidt: columns of Q with R's diagonal positive.
        var gs = (double[])a.Clone();
        for (int j = 0; j < n; j++)
        {
            for (int p = 0; p < j; p++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += gs[i * n + p] * gs[i * n + j];
                for (int i = 0; i < m; i++) gs[i * n + j] -= dot * gs[i * n + p];
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += gs[i * n + j] * gs[i * n + j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < m; i++) gs[i * n + j] /= norm;
        }
        var (q, rDiag) = HouseholderQr.Factor((double[])a.Clone(), m, n);
        double max = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                max = Math.Max(max, Math.Abs(q[i * n + j] * Math.Sign(rDiag[j]) - gs[i * n + j]));
        Assert.True(max < 1e-10, $"max |Q sign(diag R) - Q_gs| = {max:G3}");
    }
}
