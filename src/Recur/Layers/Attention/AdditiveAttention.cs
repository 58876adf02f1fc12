// AdditiveAttention (Bahdanau, Cho & Bengio 2015): score[b, s] = v . tanh(W_q q[b] + W_k m[b, s] + c),
// weights = softmax over the real source steps, context = sum_s weights[b, s] m[b, s]. Built from
// autograd primitives (Linear, Tanh, Softmax, MatMul), so its backward is theirs.
// Legend: B batch, S source steps, Q query size, K key size, A attention size.
using Recur.Tensors;

namespace Recur.Layers.Attention;

/// <summary>Additive (Bahdanau) attention.</summary>
public sealed class AdditiveAttention : Module, IAttention
{
    private readonly Linear _query;
    private readonly Linear _key;
    private readonly Linear _score;

    /// <summary>Creates W_q [A, Q] ("query", no bias), W_k [A, K] and c [A] ("key") and v [1, A] ("score").</summary>
    public AdditiveAttention(int querySize, int keySize, int attentionSize, Generator? generator = null)
    {
        if (querySize <= 0 || keySize <= 0 || attentionSize <= 0)
            throw new ArgumentException($"AdditiveAttention: sizes must be positive, got query {querySize}, key {keySize}, attention {attentionSize}.");
        _query = RegisterModule("query", new Linear(querySize, attentionSize, bias: false, generator: generator));
        _key = RegisterModule("key", new Linear(keySize, attentionSize, generator: generator));
        _score = RegisterModule("score", new Linear(attentionSize, 1, bias: false, generator: generator));
        (QuerySize, KeySize, AttentionSize) = (querySize, keySize, attentionSize);
    }

    /// <summary>Q.</summary>
    public int QuerySize { get; }

    /// <summary>K.</summary>
    public int KeySize { get; }

    /// <summary>A.</summary>
    public int AttentionSize { get; }

    /// <summary>memory [B, S, K] -> W_k m + c [B, S, A]; compute once per source and pass to <see cref="Forward(Tensor, Tensor, Tensor, int[])"/>.</summary>
    public Tensor ProjectKeys(Tensor memory)
    {
        CheckMemory(memory);
        return _key.Forward(memory);
    }

    /// <inheritdoc/>
    public (Tensor Context, Tensor Weights) Forward(Tensor query, Tensor memory, int[]? lengths)
        => Forward(query, memory, ProjectKeys(memory), lengths);

    /// <summary>As <see cref="Forward(Tensor, Tensor, int[])"/> with the keys already projected ([B, S, A]).</summary>
    public (Tensor Context, Tensor Weights) Forward(Tensor query, Tensor memory, Tensor projectedKeys, int[]? lengths)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(projectedKeys);
        CheckMemory(memory);
        int b = memory.Size(0), s = memory.Size(1);
        if (projectedKeys.Rank != 3 || projectedKeys.Size(0) != b || projectedKeys.Size(1) != s || projectedKeys.Size(2) != AttentionSize)
            throw new ArgumentException($"AdditiveAttention: expected projectedKeys [{b}, {s}, {AttentionSize}] (memory's B and S, attention size A; " +
                $"from ProjectKeys(memory)), got {Shapes.Format(projectedKeys.Shape)}.");
        if (query.Rank != 2 || query.Size(0) != b || query.Size(1) != QuerySize)
            throw new ArgumentException($"AdditiveAttention: expected query [{b}, {QuerySize}], got {Shapes.Format(query.Shape)}.");
        var q = _query.Forward(query).Reshape(b, 1, AttentionSize);
        var scores = _score.Forward((projectedKeys + q).Tanh()).Reshape(b, s);
        var weights = AttentionMask.Softmax(scores, lengths);
        return (AttentionMask.Context(weights, memory), weights);
    }

    private void CheckMemory(Tensor memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (memory.Rank != 3 || memory.Size(2) != KeySize)
            throw new ArgumentException($"AdditiveAttention: expected memory [B, S, {KeySize}], got {Shapes.Format(memory.Shape)}.");
    }
}
