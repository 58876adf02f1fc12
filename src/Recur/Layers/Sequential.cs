// Sequential: layers applied one after another (PyTorch's nn.Sequential naming: parameters of layer i are
// "i.<name>"), and the Keras-style training surface: Compile, Fit, Evaluate, Predict (Training/KerasModel).
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>A chain of layers; also the model behind the Keras-style API.</summary>
public partial class Sequential : Module, ILayer
{
    private readonly List<ILayer> _layers = [];

    /// <summary>Creates the chain from layers that are <see cref="Module"/>s implementing <see cref="ILayer"/>.</summary>
    public Sequential(params ILayer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<ILayer> Layers => _layers;

    /// <summary>Appends a layer.</summary>
    public Sequential Add(ILayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is not Module module)
            throw new ArgumentException($"Sequential: {layer.GetType().Name} is not a Module.");
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _layers.Add(layer);
        return this;
    }

    /// <summary>
    /// Applies every layer in turn. After an <see cref="Embedding"/> with <c>maskPadding</c>, each sample's
    /// length (where its padding starts) goes to the recurrent layers, which stop there as with PyTorch's
    /// lengths, and to <see cref="LastTimeStep"/>, which takes each sample's last real step (Keras' masking).
    /// </summary>
    public virtual Tensor Forward(Tensor x)
    {
        int[]? lengths = null;
        for (int i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            if (lengths == null)
            {
                if (layer is Embedding { MaskPadding: true } embedding) lengths = PaddingMask.Lengths(x, embedding.PaddingIndex!.Value, i);
                x = layer.Forward(x);
                continue;
            }
            x = layer switch
            {
                RecurrentLayer r when r.BatchFirst => r.ForwardStates(x, lengths: lengths).Output,
                RecurrentLayer => throw new ArgumentException(
                    $"Sequential: layer {i} ({((Module)layer).DisplayName}) is time-major, but the padding mask reads samples on axis 0; construct it with batchFirst: true."),
                LastTimeStep last => last.Forward(x, lengths),
                // Step-wise layers keep each step to itself, so the lengths stay true after them.
                Dropout or Linear or Activation or LayerNorm => layer.Forward(x),
                _ => throw new ArgumentException(
                    $"Sequential: layer {i} ({((Module)layer).DisplayName}) comes after a padding mask, which passes only through recurrent layers " +
                    "and step-wise layers (Dropout, Linear, Activation, LayerNorm) up to a LastTimeStep; move it after the LastTimeStep, or drop maskPadding."),
            };
            if (layer is LastTimeStep) lengths = null;
        }
        return x;
    }
}
