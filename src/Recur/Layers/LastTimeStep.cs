// LastTimeStep: picks the last step of a batch-first sequence, [B, T, F] -> [B, F], the usual bridge
// from a recurrent layer to a classifier or regressor head (Keras' return_sequences=False).
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>[B, T, F] -> [B, F]: the output at the last time step.</summary>
public sealed class LastTimeStep : Module, ILayer
{
    /// <inheritdoc/>
    public Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3)
            throw new ArgumentException($"LastTimeStep: expected a batch-first sequence [B, T, F], got {Shapes.Format(x.Shape)}.");
        int b = x.Size(0), t = x.Size(1), f = x.Size(2);
        if (t == 0) throw new ArgumentException($"LastTimeStep: the sequence has no time steps (input {Shapes.Format(x.Shape)}).");
        return x.Slice(1, t - 1, 1).Reshape(b, f);
    }
}
