// Pooling: how the classifier turns the encoder's outputs over time into one vector per text.
namespace Recur.Applications.Classification;

/// <summary>Reduction of the encoder outputs [B, T, F] to [B, F]; padded steps never contribute.</summary>
public enum Pooling
{
    /// <summary>Mean over the real steps: sum_t m[b,t] h[b,t] / lengths[b].</summary>
    Mean,

    /// <summary>
    /// Additive attention (Bahdanau et al. 2015): s = v^T tanh(W h + b), weights = softmax over the real
    /// steps (padded steps get weight 0), output sum_t w[b,t] h[b,t].
    /// </summary>
    Attention,
}
