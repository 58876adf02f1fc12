// Batcher: splits the sample indices 0..N-1 into batches, one epoch at a time. With shuffling, each
// epoch draws a fresh permutation from the caller's Generator when Epoch() is called, so saving the
// generator's state (Generator.GetState) before an epoch lets a checkpoint replay that epoch exactly.
using Recur.Tensors;

namespace Recur.Data;

/// <summary>Batches of sample indices for a dataset of N samples (batch size B).</summary>
public sealed class Batcher
{
    private readonly Generator? _generator;

    /// <summary>
    /// Batches of <paramref name="batchSize"/> indices out of <paramref name="count"/> samples. Shuffling needs
    /// <paramref name="generator"/>; with <paramref name="dropLast"/> a final short batch is left out.
    /// </summary>
    public Batcher(int count, int batchSize, bool shuffle, Generator? generator, bool dropLast = false)
    {
        if (count <= 0) throw new ArgumentException($"The dataset is empty: {count} samples.", nameof(count));
        if (batchSize <= 0) throw new ArgumentException($"The batch size must be positive, got {batchSize}.", nameof(batchSize));
        if (batchSize > count)
            throw new ArgumentException($"The batch size {batchSize} is larger than the {count} samples.", nameof(batchSize));
        if (shuffle && generator == null)
            throw new ArgumentException("Shuffling needs an explicit Generator (Recur has no global random state).", nameof(generator));
        Count = count;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        _generator = generator;
    }

    /// <summary>N, the number of samples.</summary>
    public int Count { get; }

    /// <summary>B, the (largest) batch size.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the samples in a fresh random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a final batch shorter than B is left out.</summary>
    public bool DropLast { get; }

    /// <summary>floor(N / B) with <see cref="DropLast"/>, else ceil(N / B).</summary>
    public int BatchesPerEpoch => DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize;

    /// <summary>
    /// One epoch of index batches (each of length B, the last possibly shorter). The permutation is drawn
    /// now, not when the enumeration starts, so the generator advances exactly once per call.
    /// </summary>
    public IEnumerable<int[]> Epoch()
    {
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (Shuffle) _generator!.Shuffle<int>(order);
        return Slice(order, BatchSize, BatchesPerEpoch);
    }

    private static IEnumerable<int[]> Slice(int[] order, int batchSize, int batches)
    {
        for (int k = 0; k < batches; k++)
        {
            int start = k * batchSize;
            yield return order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
        }
    }
}
