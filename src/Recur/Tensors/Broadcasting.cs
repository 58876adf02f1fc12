// Broadcasting: elementwise binary kernels over NumPy/PyTorch-broadcast shapes, and the reduction that
// maps a gradient of the broadcast shape back onto an operand's shape. Fast paths (equal shapes, a
// scalar operand, an operand repeated along leading axes) call TensorPrimitives on whole rows; the
// general case walks the output with per-operand strides (0 on broadcast axes).
namespace Recur.Tensors;

/// <summary>An elementwise binary operation in scalar and span forms (TensorPrimitives' operator pattern).</summary>
internal interface IBinaryOp
{
    static abstract float Invoke(float a, float b);
    static abstract void Invoke(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d);
    static abstract void Invoke(ReadOnlySpan<float> a, float b, Span<float> d);
    static abstract void Invoke(float a, ReadOnlySpan<float> b, Span<float> d);
}

internal static class Broadcasting
{
    /// <summary>d = op(a, b) where d has shape <paramref name="outShape"/> = broadcast(aShape, bShape).</summary>
    internal static void Apply<TOp>(ReadOnlySpan<float> a, int[] aShape, ReadOnlySpan<float> b, int[] bShape,
        Span<float> d, int[] outShape) where TOp : IBinaryOp
    {
        if (a.Length == d.Length && b.Length == d.Length)
        {
            TOp.Invoke(a, b, d);
            return;
        }
        if (b.Length == 1 && a.Length == d.Length)
        {
            TOp.Invoke(a, b[0], d);
            return;
        }
        if (a.Length == 1 && b.Length == d.Length)
        {
            TOp.Invoke(a[0], b, d);
            return;
        }
        if (a.Length == d.Length && IsTrailingBlock(bShape, outShape))
        {
            int n = b.Length;
            for (int off = 0; off < d.Length; off += n)
                TOp.Invoke(a.Slice(off, n), b, d.Slice(off, n));
            return;
        }
        if (b.Length == d.Length && IsTrailingBlock(aShape, outShape))
        {
            int n = a.Length;
            for (int off = 0; off < d.Length; off += n)
                TOp.Invoke(a, b.Slice(off, n), d.Slice(off, n));
            return;
        }
        var sa = Shapes.BroadcastStrides(aShape, outShape);
        var sb = Shapes.BroadcastStrides(bShape, outShape);
        int rank = outShape.Length;
        int inner = outShape[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1];
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int pa = 0, pb = 0;
        for (int off = 0; off < d.Length; off += inner)
        {
            for (int j = 0; j < inner; j++)
                d[off + j] = TOp.Invoke(a[pa + j * ia], b[pb + j * ib]);
            // Advance the odometer over all axes but the last.
            for (int axis = rank - 2; axis >= 0; axis--)
            {
                index[axis]++;
                pa += sa[axis];
                pb += sb[axis];
                if (index[axis] < outShape[axis]) break;
                pa -= sa[axis] * outShape[axis];
                pb -= sb[axis] * outShape[axis];
                index[axis] = 0;
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="g"/> (shape <paramref name="outShape"/>) summed over the axes that broadcasting
    /// expanded into <paramref name="dst"/> (shape <paramref name="shape"/>).
    /// </summary>
    internal static void SumInto(ReadOnlySpan<float> g, int[] outShape, Span<float> dst, int[] shape)
    {
        if (dst.Length == g.Length)
        {
            TensorPrimitives.Add(dst, g, dst);
            return;
        }
        if (dst.Length == 1)
        {
            dst[0] += Summation.Sum(g);
            return;
        }
        if (IsTrailingBlock(shape, outShape))
        {
            // A bias's gradient: the sum of every row (long ones in blocks added in double).
            Summation.AddRows(g, g.Length / dst.Length, dst);
            return;
        }
        var s = Shapes.BroadcastStrides(shape, outShape);
        int rank = outShape.Length;
        int inner = outShape[rank - 1], step = s[rank - 1];
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int p = 0;
        for (int off = 0; off < g.Length; off += inner)
        {
            if (step == 0)
                dst[p] += TensorPrimitives.Sum(g.Slice(off, inner));
            else
                TensorPrimitives.Add(dst.Slice(p, inner), g.Slice(off, inner), dst.Slice(p, inner));
            for (int axis = rank - 2; axis >= 0; axis--)
            {
                index[axis]++;
                p += s[axis];
                if (index[axis] < outShape[axis]) break;
                p -= s[axis] * outShape[axis];
                index[axis] = 0;
            }
        }
    }

    /// <summary>True when <paramref name="shape"/> equals the trailing axes of <paramref name="outShape"/> (ignoring leading 1s).</summary>
    private static bool IsTrailingBlock(int[] shape, int[] outShape)
    {
        int lead = 0;
        while (lead < shape.Length && shape[lead] == 1) lead++;
        int n = shape.Length - lead;
        if (n > outShape.Length) return false;
        for (int i = 0; i < n; i++)
            if (shape[lead + i] != outShape[outShape.Length - n + i]) return false;
        return true;
    }
}
