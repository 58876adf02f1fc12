// AvgPool1d: PyTorch's nn.AvgPool1d (floor mode, count_include_pad): [B, C, T] -> [B, C, To] (Tensor.AvgPool1d).
using Recur.Autograd.Functions;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>Average pooling over time, PyTorch's nn.AvgPool1d; no parameters.</summary>
public sealed class AvgPool1d(int kernelSize, int? stride = null, int padding = 0) : Module, ILayer
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
        return x.AvgPool1d(KernelSize, Stride, Padding);
    }

    /// <summary>To = floor((T + 2P - K) / S) + 1 for an input of <paramref name="length"/> steps.</summary>
    public int OutputLength(int length) => Pooling.OutputLength(length, KernelSize, Stride, Padding);

    /// <inheritdoc/>
    protected override string ReprName => "AvgPool1d";

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"kernel_size={Repr.Tuple1(KernelSize)}, stride={Repr.Tuple1(Stride)}, padding={Repr.Tuple1(Padding)}");
}
