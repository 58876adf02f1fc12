// DotAttention (Luong, Pham & Manning 2015): score[b, s] = q[b] . m[b, s] ("dot", Q = K) or
// q[b] . W m[b, s] ("general", computed as (W^T q[b]) . m[b, s]); weights = softmax over the real
// source steps, context = sum_s weights[b, s] m[b, s]. Legend: B batch, S source steps, Q query, K key.
using Recur.Tensors;

namespace Recur.Layers.Attention;

/// <summary>How <see cref="DotAttention"/> scores a query against a memory step.</summary>
public enum DotScoring
{
    /// <summary>q . m (query and key sizes equal).</summary>
    Dot,

    /// <summary>q . W m with a learned W [Q, K].</summary>
    General,
}

/// <summary>Multiplicative (Luong) attention: "dot" or "general" scoring.</summary>
public sealed class DotAttention : Module, IAttention
{
    private readonly Linear? _weight;

    /// <summary>"dot" needs <paramref name="querySize"/> = <paramref name="keySize"/>; "general" learns W [Q, K] ("weight").</summary>
    public DotAttention(int querySize, int keySize, DotScoring scoring = DotScoring.Dot, Generator? generator = null)
    {
        if (querySize <= 0 || keySize <= 0)
            throw new ArgumentException($"DotAttention: sizes must be positive, got query {querySize}, key {keySize}.");
        if (scoring == DotScoring.Dot && querySize != keySize)
            throw new ArgumentException($"DotAttention: 'dot' scoring needs equal query and key sizes, got {querySize} and {keySize}; use 'general'.");
        if (scoring == DotScoring.General)
            _weight = RegisterModule("weight", new Linear(querySize, keySize, bias: false, generator: generator));
        (QuerySize, KeySize, Scoring) = (querySize, keySize, scoring);
    }

    /// <summary>Q.</summary>
    public int QuerySize { get; }

    /// <summary>K.</summary>
    public int KeySize { get; }

    /// <summary>Dot or general.</summary>
    public DotScoring Scoring { get; }

    /// <inheritdoc/>
    public (Tensor Context, Tensor Weights) Forward(Tensor query, Tensor memory, int[]? lengths)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(memory);
        if (memory.Rank != 3 || memory.Size(2) != KeySize)
            throw new ArgumentException($"DotAttention: expected memory [B, S, {KeySize}], got {Shapes.Format(memory.Shape)}.");
        int b = memory.Size(0), s = memory.Size(1);
        if (query.Rank != 2 || query.Size(0) != b || query.Size(1) != QuerySize)
            throw new ArgumentException($"DotAttention: expected query [{b}, {QuerySize}], got {Shapes.Format(query.Shape)}.");
        // (W^T q) . m = q . (W m): Linear(Q -> K) holds W^T's transpose as its weight [K, Q].
        var q = _weight != null ? _weight.Forward(query) : query;
        var scores = memory.MatMul(q.Reshape(b, KeySize, 1)).Reshape(b, s);
        var weights = AttentionMask.Softmax(scores, lengths);
        return (AttentionMask.Context(weights, memory), weights);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{QuerySize}, {KeySize}, scoring={Scoring.ToString().ToLowerInvariant()}");
}
