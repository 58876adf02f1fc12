// HouseholderQr: the thin QR factorisation A = Q R of a tall matrix (m >= n) by Householder reflections,
// in double, for the orthogonal initialiser (sizes are weight matrices, so O(m n^2) is fine).
// Golub & Van Loan, "Matrix Computations", 4th ed., algorithm 5.2.1. Only Q and diag(R) are returned.

namespace Recur.Layers.Init;

/// <summary>Householder QR of a row-major m x n matrix with m &gt;= n.</summary>
internal static class HouseholderQr
{
    /// <summary>
    /// Factorises <paramref name="a"/> (m x n, row-major, overwritten) and returns Q (m x n, orthonormal
    /// columns, row-major) and the diagonal of R (n).
    /// </summary>
    public static (double[] Q, double[] RDiagonal) Factor(double[] a, int m, int n)
    {
        if (m < n) throw new ArgumentException($"HouseholderQr needs rows >= columns, got {m} x {n}.");
        if (a.Length != m * n) throw new ArgumentException($"Expected {m * n} elements, got {a.Length}.");
        var vs = new double[n][];
        var rDiag = new double[n];
        for (int k = 0; k < n; k++)
        {
            // v = x - alpha e1 with alpha = -sign(x0) |x|, so that H x = alpha e1 without cancellation.
            var v = new double[m - k];
            double norm2 = 0;
            for (int i = k; i < m; i++)
            {
                v[i - k] = a[i * n + k];
                norm2 += v[i - k] * v[i - k];
            }
            double norm = Math.Sqrt(norm2);
            double alpha = v[0] >= 0 ? -norm : norm;
            rDiag[k] = alpha;
            v[0] -= alpha;
            double vNorm2 = norm2 - 2 * alpha * (v[0] + alpha) + alpha * alpha; // |x - alpha e1|^2
            vs[k] = v;
            if (vNorm2 == 0) { v.AsSpan().Clear(); continue; } // zero column: H = I
            double scale = 1 / Math.Sqrt(vNorm2);
            for (int i = 0; i < v.Length; i++) v[i] *= scale;
            ApplyReflection(a, n, k, k, v); // A[k:, k:] -= 2 v (v^T A[k:, k:])
        }
        // Q = H_0 H_1 ... H_{n-1} I[:, :n], applied from the last reflection back.
        var q = new double[m * n];
        for (int j = 0; j < n; j++) q[j * n + j] = 1;
        for (int k = n - 1; k >= 0; k--) ApplyReflection(q, n, k, 0, vs[k]);
        return (q, rDiag);
    }

    // Rows row0.. of columns col0.. of the row-major matrix (width n) become (I - 2 v v^T) times themselves.
    private static void ApplyReflection(double[] a, int n, int row0, int col0, double[] v)
    {
        for (int j = col0; j < n; j++)
        {
            double dot = 0;
            for (int i = 0; i < v.Length; i++) dot += v[i] * a[(row0 + i) * n + j];
            dot *= 2;
            for (int i = 0; i < v.Length; i++) a[(row0 + i) * n + j] -= dot * v[i];
        }
    }
}
