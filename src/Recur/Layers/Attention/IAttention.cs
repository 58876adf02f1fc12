// IAttention: what a decoder needs from an attention layer. Legend: B batch, S source steps,
// Q query size, K key (memory) size.
using Recur.Tensors;

namespace Recur.Layers.Attention;

/// <summary>Attention of one query per batch row over a padded memory.</summary>
public interface IAttention
{
    /// <summary>
    /// query [B, Q], memory [B, S, K], lengths [B] each in 1..S (null: no padding) ->
    /// (context [B, K], weights [B, S]); weights are 0 on padded steps and sum to 1 over real ones.
    /// </summary>
    (Tensor Context, Tensor Weights) Forward(Tensor query, Tensor memory, int[]? lengths);
}
