// MaxPool1d: PyTorch's nn.MaxPool1d (no dilation, floor mode): [B, C, T] -> [B, C, To] (Tensor.MaxPool1d).
using Recur.Autograd.Functions;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>Max pooling over time, PyTorch's nn.MaxPool1d; no parameters.</summary>
public sealed class MaxPool1d(int kernelSize, int? stride = null, int padding = 0) : Module, ILayer
{
    /// <summary>K.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>S (defaults to K).</summary>
    public int Stride { get; } = stride ?? kernelSize;

    /// <summary>P.</summary>
    public int Padding { get; } = padding;

    /// <summary>x [B, C, T] -> [B, C, To].</summary>
    public Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.MaxPool1d(KernelSize, Stride, Padding);
    }

    /// <summary>To = floor((T + 2P - K) / S) + 1 for an input of <paramref name="length"/> steps.</summary>
    public int OutputLength(int length) => Pooling.OutputLength(length, KernelSize, Stride, Padding);

    /// <inheritdoc/>
    protected override string ReprName => "MaxPool1d";

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation=1, ceil_mode=False");
}
