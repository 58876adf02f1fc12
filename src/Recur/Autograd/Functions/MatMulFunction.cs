// MatMul: C = A B over the last two axes, batched over the leading axes with broadcasting.
// A [..., M, K], B [..., K, N] -> C [..., M, N]. With a 2-D B, A's leading axes fold into the rows of
// one GEMM (so a Linear layer over [B, T, I] is one GEMM). Backward: dA += dC B^T, dB += A^T dC,
// accumulated with beta = 1, which also sums over broadcast batches.
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class MatMulFunction : Node
{
    private readonly int _m, _n, _k;
    private readonly int[] _aBatch, _bBatch; // per output batch: which A and B batch it reads

    private MatMulFunction(Tensor a, Tensor b, int m, int n, int k, int[] aBatch, int[] bBatch) : base(a, b)
    {
        (_m, _n, _k) = (m, n, k);
        _aBatch = aBatch;
        _bBatch = bBatch;
    }

    public override string Name => "MatMulBackward";

    internal static Tensor Forward(Tensor a, Tensor b)
    {
        if (a.Rank < 2 || b.Rank < 2)
            throw new ArgumentException(
                $"matmul: both arguments need at least 2 dimensions, got shapes {Shapes.Format(a.Shape)} and {Shapes.Format(b.Shape)}.");
        int k = a.Size(-1);
        if (b.Size(-2) != k)
            throw new ArgumentException(
                $"matmul: shapes {Shapes.Format(a.Shape)} and {Shapes.Format(b.Shape)} cannot be multiplied ({a.Size(-2)}x{k} and {b.Size(-2)}x{b.Size(-1)}).");
        int n = b.Size(-1);
        int m;
        int[] outShape, aBatch, bBatch;
        if (b.Rank == 2)
        {
            // Fold A's batch axes into rows: one GEMM.
            m = Shapes.Product(a.Shape, 0, a.Rank - 1);
            outShape = [.. a.ShapeArray[..^1], n];
            aBatch = bBatch = [0];
        }
        else
        {
            m = a.Size(-2);
            var batchShape = Shapes.Broadcast(a.ShapeArray[..^2], b.ShapeArray[..^2], "matmul");
            aBatch = BatchIndex(a.ShapeArray[..^2], batchShape);
            bBatch = BatchIndex(b.ShapeArray[..^2], batchShape);
            outShape = [.. batchShape, m, n];
        }
        var c = Tensor.Uninitialized(outShape);
        var av = a.ReadOnlyData;
        var bv = b.ReadOnlyData;
        var cv = c.Data;
        int threads = Threading.MaxThreads;
        for (int i = 0; i < aBatch.Length; i++)
            Gemm.Multiply(false, false, m, n, k, 1f, av.Slice(aBatch[i] * m * k), Math.Max(k, 1),
                bv.Slice(bBatch[i] * k * n), Math.Max(n, 1), 0f, cv.Slice(i * m * n), Math.Max(n, 1), threads);
        new MatMulFunction(a, b, m, n, k, aBatch, bBatch).Attach(c);
        return c;
    }

    /// <summary>For each batch of the broadcast batch shape, the flat batch index in an operand.</summary>
    private static int[] BatchIndex(int[] shape, int[] batchShape)
    {
        var strides = Shapes.BroadcastStrides(shape, batchShape);
        int count = Shapes.Count(batchShape);
        var result = new int[count];
        var index = new int[batchShape.Length];
        int off = 0;
        for (int i = 0; i < count; i++)
        {
            result[i] = off;
            for (int axis = batchShape.Length - 1; axis >= 0; axis--)
            {
                index[axis]++;
                off += strides[axis];
                if (index[axis] < batchShape[axis]) break;
                off -= strides[axis] * batchShape[axis];
                index[axis] = 0;
            }
        }
        return result;
    }

    protected internal override void Backward(GradientContext context)
    {
        var a = Inputs[0].ReadOnlyData;
        var b = Inputs[1].ReadOnlyData;
        int m = _m, n = _n, k = _k, threads = Threading.MaxThreads;
        int ldk = Math.Max(k, 1), ldn = Math.Max(n, 1);
        var g = context.GradOutput();
        if (context.NeedsGrad(0))
        {
            var dA = context.GradInput(0);
            for (int i = 0; i < _aBatch.Length; i++)
                Gemm.Multiply(false, true, m, k, n, 1f, g.Slice(i * m * n), ldn, b.Slice(_bBatch[i] * k * n), ldn, 1f,
                    dA.Slice(_aBatch[i] * m * k), ldk, threads);
        }
        if (context.NeedsGrad(1))
        {
            var dB = context.GradInput(1);
            for (int i = 0; i < _aBatch.Length; i++)
                Gemm.Multiply(true, false, k, n, m, 1f, a.Slice(_aBatch[i] * m * k), ldk, g.Slice(i * m * n), ldn, 1f,
                    dB.Slice(_bBatch[i] * k * n), ldn, threads);
        }
    }
}
