// ILayer: a module with one tensor in and one tensor out, the unit Sequential chains. Recurrent layers
// take part through their output sequence (states stay internal; use the layer's own Forward for them).
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>A single-input, single-output layer, as chained by <see cref="Sequential"/>.</summary>
public interface ILayer
{
    /// <summary>Applies the layer.</summary>
    Tensor Forward(Tensor x);
}
