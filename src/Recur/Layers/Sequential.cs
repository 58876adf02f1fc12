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

    /// <summary>Applies every layer in turn.</summary>
    public virtual Tensor Forward(Tensor x)
    {
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }
}
