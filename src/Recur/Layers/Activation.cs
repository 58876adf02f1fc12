// Activation: an elementwise nonlinearity as a layer (tanh, sigmoid, relu), for Sequential models.
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>Applies tanh, sigmoid or relu elementwise.</summary>
public sealed class Activation : Module, ILayer
{
    /// <summary>"tanh", "sigmoid" or "relu".</summary>
    public Activation(string name)
    {
        Name = name switch
        {
            "tanh" or "sigmoid" or "relu" => name,
            _ => throw new ArgumentException($"Unknown activation '{name}'; use tanh, sigmoid or relu."),
        };
    }

    /// <summary>The function's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public Tensor Forward(Tensor x) => Name switch
    {
        "tanh" => x.Tanh(),
        "sigmoid" => x.Sigmoid(),
        _ => x.Relu(),
    };

    /// <inheritdoc/>
    protected override string ReprName => Name switch { "tanh" => "Tanh", "sigmoid" => "Sigmoid", _ => "ReLU" };
}
