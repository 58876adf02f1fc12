// GemmReference: the naive triple loop that specifies GEMM; the oracle for every fast path.
// C (m x n) = alpha * op(A) * op(B) + beta * C, row-major, op = transpose or not. Generic over float
// and double so gradient checks can run in double; accumulates in T.
using System.Numerics;

namespace Recur.Kernels.Reference;

/// <summary>Naive GEMM, the specification of <see cref="Gemm"/>.</summary>
public static class GemmReference
{
    /// <summary>C = alpha * op(A) * op(B) + beta * C (row-major; beta = 0 ignores C's old contents, NaN included).</summary>
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T av = transA ? a[p * lda + i] : a[i * lda + p];
                    T bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }
                ref T cij = ref c[i * ldc + j];
                cij = beta == T.Zero ? alpha * sum : alpha * sum + beta * cij;
            }
        }
    }
}
