// BucketBatcher: batches of indices whose sequences have similar lengths, so padding wastes little work.
// Per epoch: shuffle all indices, cut them into chunks of B * batchesPerChunk, sort each chunk by length
// (stable), cut the chunk into batches, then shuffle the batch order (the "pool" scheme of torchtext's
// BucketIterator). Every index appears exactly once per epoch; the order is a function of the Generator state.
using Recur.Tensors;

namespace Recur.Data;

/// <summary>Length-bucketed batches of sample indices (batch size B) for N sequences of known lengths.</summary>
public sealed class BucketBatcher
{
    private readonly int[] _lengths;
    private readonly Generator _generator;

    /// <summary>
    /// Batches of <paramref name="batchSize"/> indices into <paramref name="lengths"/> [N], sorting within
    /// chunks of <paramref name="batchSize"/> * <paramref name="batchesPerChunk"/> shuffled samples.
    /// Larger chunks give tighter buckets but less random batches.
    /// </summary>
    public BucketBatcher(int[] lengths, int batchSize, Generator generator, int batchesPerChunk = 16)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (lengths.Length == 0) throw new ArgumentException("The dataset is empty: 0 sequence lengths.", nameof(lengths));
        if (batchSize <= 0) throw new ArgumentException($"The batch size must be positive, got {batchSize}.", nameof(batchSize));
        if (batchSize > lengths.Length)
            throw new ArgumentException($"The batch size {batchSize} is larger than the {lengths.Length} samples.", nameof(batchSize));
        if (batchesPerChunk <= 0)
            throw new ArgumentException($"batchesPerChunk must be positive, got {batchesPerChunk}.", nameof(batchesPerChunk));
        for (int i = 0; i < lengths.Length; i++)
            if (lengths[i] < 0) throw new ArgumentException($"Length {lengths[i]} of sequence {i} is negative.", nameof(lengths));
        _lengths = (int[])lengths.Clone();
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        BatchSize = batchSize;
        BatchesPerChunk = batchesPerChunk;
    }

    /// <summary>N, the number of sequences.</summary>
    public int Count => _lengths.Length;

    /// <summary>B, the (largest) batch size.</summary>
    public int BatchSize { get; }

    /// <summary>How many batches are sorted together.</summary>
    public int BatchesPerChunk { get; }

    /// <summary>ceil(N / B); only the batch cut from the end of the last chunk can be shorter than B.</summary>
    public int BatchesPerEpoch => (Count + BatchSize - 1) / BatchSize;

    /// <summary>One epoch of index batches, drawn from the generator now (not lazily).</summary>
    public IEnumerable<int[]> Epoch()
    {
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        _generator.Shuffle<int>(order);

        int chunk = BatchSize * BatchesPerChunk;
        var keys = new long[Count];
        for (int start = 0; start < Count; start += chunk)
        {
            int n = Math.Min(chunk, Count - start);
            // Key = (length, position in the shuffled order): a stable sort with distinct keys.
            for (int i = 0; i < n; i++) keys[start + i] = ((long)_lengths[order[start + i]] << 32) | (uint)i;
            keys.AsSpan(start, n).Sort(order.AsSpan(start, n));
        }

        var batches = new int[BatchesPerEpoch][];
        for (int k = 0; k < batches.Length; k++)
        {
            int start = k * BatchSize;
            batches[k] = order.AsSpan(start, Math.Min(BatchSize, Count - start)).ToArray();
        }
        _generator.Shuffle<int[]>(batches);
        return batches;
    }
}
