// LanguageModelStream: a token corpus as B contiguous streams for truncated BPTT (PyTorch's
// word_language_model batchify/get_batch, batch-first). Stream b holds tokens[b * S .. (b + 1) * S), S = len / B
// (the remainder is dropped); batch k covers steps i = k * bptt .. i + T, T = min(bptt, S - 1 - i), with y the next tokens.
// Batch k + 1 continues each row exactly where batch k stopped, so the caller carries the RNN state from one
// batch to the next and detaches it (state = state.Detach()) so backpropagation stops at the batch boundary.
using Recur.Tensors;

namespace Recur.Data;

/// <summary>Contiguous language-model batches x [B, T] and y [B, T] (token ids as floats) over B parallel streams.</summary>
public sealed class LanguageModelStream
{
    private readonly int[] _tokens;

    /// <summary>
    /// Cuts <paramref name="tokens"/> into <paramref name="batchSize"/> streams of S = len / B tokens (the remainder
    /// is dropped) read <paramref name="bptt"/> steps at a time. Each stream needs at least 2 tokens.
    /// </summary>
    public LanguageModelStream(int[] tokens, int batchSize, int bptt)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (batchSize <= 0) throw new ArgumentException($"The batch size must be positive, got {batchSize}.", nameof(batchSize));
        if (bptt <= 0) throw new ArgumentException($"bptt must be positive, got {bptt}.", nameof(bptt));
        if (tokens.Length / batchSize < 2)
            throw new ArgumentException(
                $"{tokens.Length} tokens are too few for {batchSize} streams: each stream needs at least 2 tokens (an input and its next token).",
                nameof(tokens));
        for (int i = 0; i < tokens.Length; i++)
            if ((uint)tokens[i] >= (1u << 24))
                throw new ArgumentException($"Token {i} has id {tokens[i]}; ids must lie in 0..2^24-1 to be exact as floats.", nameof(tokens));
        _tokens = tokens;
        BatchSize = batchSize;
        Bptt = bptt;
        StreamLength = tokens.Length / batchSize;
    }

    /// <summary>B, the number of parallel streams.</summary>
    public int BatchSize { get; }

    /// <summary>The most time steps per batch.</summary>
    public int Bptt { get; }

    /// <summary>S, the tokens in each stream.</summary>
    public int StreamLength { get; }

    /// <summary>ceil((S - 1) / bptt): the last target is token S - 1 of each stream (written so that a bptt near int.MaxValue cannot overflow).</summary>
    public int BatchesPerEpoch => StreamLength <= 1 ? 0 : 1 + (StreamLength - 2) / Bptt;

    /// <summary>
    /// Batch <paramref name="index"/>: x [B, T] with x[b, t] = stream_b[i + t] and y [B, T] with y[b, t] = stream_b[i + t + 1],
    /// where i = index * bptt and T = min(bptt, S - 1 - i).
    /// </summary>
    public (Tensor X, Tensor Y) Batch(int index)
    {
        if ((uint)index >= (uint)BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(index), $"Batch {index} is out of range for {BatchesPerEpoch} batches per epoch.");
        int start = index * Bptt;
        int steps = Math.Min(Bptt, StreamLength - 1 - start);
        var x = Tensor.Zeros(BatchSize, steps);
        var y = Tensor.Zeros(BatchSize, steps);
        Span<float> xd = x.Data, yd = y.Data;
        for (int b = 0; b < BatchSize; b++)
        {
            int s = b * StreamLength + start;
            for (int t = 0; t < steps; t++)
            {
                xd[b * steps + t] = _tokens[s + t];
                yd[b * steps + t] = _tokens[s + t + 1];
            }
        }
        return (x, y);
    }

    /// <summary>All batches of one epoch in stream order (the last may have fewer than bptt steps).</summary>
    public IEnumerable<(Tensor X, Tensor Y)> Batches()
    {
        for (int k = 0; k < BatchesPerEpoch; k++) yield return Batch(k);
    }
}
