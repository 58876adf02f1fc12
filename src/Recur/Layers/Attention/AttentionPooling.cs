// AttentionPooling: additive attention over time with a learned query (Bahdanau et al. 2015; as used for
// document classification by Yang et al. 2016, and at both levels of HierarchicalEncoder): scores
// s[b,t] = v . tanh(W h[b,t] + c), padded steps get -inf before the softmax over time, and the output is the
// weighted sum of the steps. Legend: B batch, T steps, F features, A attention size.
using Recur.Data;
using Recur.Tensors;

namespace Recur.Layers.Attention;

/// <summary>Attention pooling [B, T, F] -> [B, F] over each sequence's real steps.</summary>
public sealed class AttentionPooling : Module
{
    // A large negative score instead of -inf: exp underflows to exactly 0 in float32 either way.
    private const float Masked = -1e9f;
    private readonly Linear _project;
    private readonly Linear _score;

    /// <summary>Creates W [A, F], c [A] ("project") and v [1, A] ("score").</summary>
    public AttentionPooling(int features, int attentionSize, Generator? generator = null)
    {
        _project = RegisterModule("project", new Linear(features, attentionSize, generator: generator));
        _score = RegisterModule("score", new Linear(attentionSize, 1, bias: false, generator: generator));
        Features = features;
    }

    /// <summary>F.</summary>
    public int Features { get; }

    /// <summary>x [B, T, F] batch-first, lengths [B] each in 1..T -> (pooled [B, F], weights [B, T]).</summary>
    public (Tensor Pooled, Tensor Weights) Forward(Tensor x, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(lengths);
        if (x.Rank != 3 || x.Size(0) != lengths.Length || x.Size(2) != Features)
            throw new ArgumentException($"AttentionPooling: expected x [B, T, {Features}] with B = {lengths.Length} lengths, got {Shapes.Format(x.Shape)}.");
        int b = x.Size(0), t = x.Size(1);
        var scores = _score.Forward(_project.Forward(x).Tanh()).Reshape(b, t);
        var penalty = Padding.Mask(lengths, t);
        var d = penalty.Data;
        for (int i = 0; i < d.Length; i++) d[i] = d[i] > 0f ? 0f : Masked;
        var weights = (scores + penalty).Softmax(1);
        var pooled = (x * weights.Reshape(b, t, 1)).Sum(1);
        return (pooled, weights);
    }
}
