// Dropout: inverted dropout as a layer (PyTorch's nn.Dropout): active in training mode only, the mask
// drawn from the layer's explicit generator.
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>Zeroes each element with probability p in training mode and scales the rest by 1/(1-p).</summary>
public sealed class Dropout : Module, ILayer
{
    private readonly Generator _generator;

    /// <summary>Creates the layer; the mask comes from <paramref name="generator"/> (seed 0 when null).</summary>
    public Dropout(float p = 0.5f, Generator? generator = null)
    {
        if (!(p >= 0f && p < 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability has to be between 0 and 1 (excluding 1)");
        P = p;
        _generator = generator ?? new Generator(0);
    }

    /// <summary>The drop probability.</summary>
    public float P { get; }

    /// <summary>The mask generator (its state belongs in checkpoints).</summary>
    public Generator Generator => _generator;

    /// <inheritdoc/>
    public Tensor Forward(Tensor x) => Tensor.Dropout(x, P, _generator, Training);

    /// <inheritdoc/>
    protected override string ReprName => "Dropout";

    /// <inheritdoc/>
    protected override string ExtraRepr() => "p=" + Repr.Float(P);
}
