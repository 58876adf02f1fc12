// TensorDataset: paired sample tensors x [N, ...] and y [N, ...], samples along axis 0 (batch-first).
// Gather copies the rows named by an index batch, either into new tensors or into caller-owned buffers
// (so a training loop can reuse one pair of buffers for every batch).
using Recur.Tensors;

namespace Recur.Data;

/// <summary>Inputs x [N, ...] and targets y [N, ...] that share the sample axis 0.</summary>
public sealed class TensorDataset
{
    private readonly int _xRow, _yRow;

    /// <summary>Pairs <paramref name="x"/> [N, ...] with <paramref name="y"/> [N, ...]; both need N &gt; 0 samples.</summary>
    public TensorDataset(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank == 0) throw new ArgumentException("x is a scalar; a dataset needs a sample axis 0.", nameof(x));
        if (y.Rank == 0) throw new ArgumentException("y is a scalar; a dataset needs a sample axis 0.", nameof(y));
        if (x.Size(0) != y.Size(0))
            throw new ArgumentException($"x has {x.Size(0)} samples but y has {y.Size(0)}.");
        if (x.Size(0) == 0) throw new ArgumentException("The dataset is empty: x and y have 0 samples.");
        X = x;
        Y = y;
        Count = x.Size(0);
        _xRow = x.Length / Count;
        _yRow = y.Length / Count;
    }

    /// <summary>All inputs, [N, ...].</summary>
    public Tensor X { get; }

    /// <summary>All targets, [N, ...].</summary>
    public Tensor Y { get; }

    /// <summary>N, the number of samples.</summary>
    public int Count { get; }

    /// <summary>Copies the samples at <paramref name="indices"/> (length B) into new tensors x [B, ...] and y [B, ...].</summary>
    public (Tensor X, Tensor Y) Gather(ReadOnlySpan<int> indices)
    {
        var xShape = X.ShapeArray;
        var yShape = Y.ShapeArray;
        xShape[0] = yShape[0] = indices.Length;
        var x = Tensor.Zeros(xShape);
        var y = Tensor.Zeros(yShape);
        GatherInto(indices, x, y);
        return (x, y);
    }

    /// <summary>
    /// Copies the samples at <paramref name="indices"/> (length B) into caller-owned buffers
    /// <paramref name="xBuffer"/> [B, ...] and <paramref name="yBuffer"/> [B, ...], whose trailing axes match X and Y.
    /// </summary>
    public void GatherInto(ReadOnlySpan<int> indices, Tensor xBuffer, Tensor yBuffer)
    {
        ArgumentNullException.ThrowIfNull(xBuffer);
        ArgumentNullException.ThrowIfNull(yBuffer);
        CheckBuffer(xBuffer, X, indices.Length, "xBuffer", "x");
        CheckBuffer(yBuffer, Y, indices.Length, "yBuffer", "y");
        ReadOnlySpan<float> xs = X.ReadOnlyData, ys = Y.ReadOnlyData;
        Span<float> xd = xBuffer.Data, yd = yBuffer.Data;
        for (int b = 0; b < indices.Length; b++)
        {
            int i = indices[b];
            if ((uint)i >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {i} (batch position {b}) is out of range for {Count} samples.");
            xs.Slice(i * _xRow, _xRow).CopyTo(xd.Slice(b * _xRow, _xRow));
            ys.Slice(i * _yRow, _yRow).CopyTo(yd.Slice(b * _yRow, _yRow));
        }
    }

    private static void CheckBuffer(Tensor buffer, Tensor source, int batch, string name, string sourceName)
    {
        bool ok = buffer.Rank == source.Rank && buffer.Size(0) == batch;
        for (int a = 1; ok && a < source.Rank; a++) ok = buffer.Size(a) == source.Size(a);
        if (!ok)
        {
            var expected = source.ShapeArray;
            expected[0] = batch;
            throw new ArgumentException(
                $"{name} has shape {Shapes.Format(buffer.ShapeArray)} but {batch} samples of {sourceName} need {Shapes.Format(expected)}.", name);
        }
    }
}
