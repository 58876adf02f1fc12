// Tensor.Embedding: the differentiable row lookup behind embedding layers.
using Recur.Autograd.Functions;

namespace Recur.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Looks up rows of <paramref name="weight"/> [V, E]: the result has shape <paramref name="indexShape"/> + [E]
    /// and holds weight[indices[i]] at position i (row-major over <paramref name="indexShape"/>). The gradient
    /// is scatter-added into the rows of weight, except row <paramref name="paddingIndex"/> (negative counts
    /// from the end), which receives none. Indices must be in [0, V).
    /// </summary>
    public static Tensor Embedding(Tensor weight, int[] indices, int[] indexShape, int? paddingIndex = null)
        => EmbeddingFunction.Forward(weight, indices, indexShape, paddingIndex);
}
