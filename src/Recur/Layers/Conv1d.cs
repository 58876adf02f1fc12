// Conv1d: PyTorch's nn.Conv1d (groups 1, zero padding): weight [out, in, K], bias [out], both initialised
// as torch's reset_parameters: kaiming_uniform(a = sqrt(5)) gives U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with
// fan_in = in * K, and the bias the same bound. Input [B, in, T] (channels first) -> [B, out, To].
using Recur.Autograd.Functions;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>A 1-D convolution over time, PyTorch's nn.Conv1d.</summary>
public sealed class Conv1d : Module, ILayer
{
    /// <summary>Creates the layer; parameters are drawn from <paramref name="generator"/> (seed 0 when null).</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1,
        bool bias = true, Generator? generator = null)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0)
            throw new ArgumentException($"Conv1d: in_channels ({inChannels}), out_channels ({outChannels}) and kernel_size ({kernelSize}) must be positive.");
        if (stride < 1 || dilation < 1 || padding < 0)
            throw new ArgumentException($"Conv1d: stride ({stride}) and dilation ({dilation}) must be >= 1, padding ({padding}) >= 0.");
        (InChannels, OutChannels, KernelSize, Stride, Padding, Dilation) = (inChannels, outChannels, kernelSize, stride, padding, dilation);
        var g = generator ?? new Generator(0);
        float bound = 1f / MathF.Sqrt(inChannels * kernelSize);
        Weight = RegisterParameter("weight", Tensor.Uniform(g, -bound, bound, outChannels, inChannels, kernelSize));
        if (bias) Bias = RegisterParameter("bias", Tensor.Uniform(g, -bound, bound, outChannels));
    }

    /// <summary>Cin.</summary>
    public int InChannels { get; }

    /// <summary>Cout.</summary>
    public int OutChannels { get; }

    /// <summary>K.</summary>
    public int KernelSize { get; }

    /// <summary>S.</summary>
    public int Stride { get; }

    /// <summary>P (zeros on each side).</summary>
    public int Padding { get; }

    /// <summary>D.</summary>
    public int Dilation { get; }

    /// <summary>W [Cout, Cin, K].</summary>
    public Tensor Weight { get; }

    /// <summary>b [Cout], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>x [B, Cin, T] -> [B, Cout, To].</summary>
    public Tensor Forward(Tensor x) => Tensor.Conv1d(x, Weight, Bias, Stride, Padding, Dilation);

    /// <summary>To for an input of <paramref name="length"/> steps (for per-sample lengths of a padded batch).</summary>
    public int OutputLength(int length) => Conv1dFunction.OutputLength(length, KernelSize, Stride, Padding, Dilation);

    /// <inheritdoc/>
    protected override string ReprName => "Conv1d";

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{InChannels}, {OutChannels}, kernel_size={Repr.Tuple1(KernelSize)}, stride={Repr.Tuple1(Stride)}")
        + (Padding != 0 ? ", padding=" + Repr.Tuple1(Padding) : "") + (Dilation != 1 ? ", dilation=" + Repr.Tuple1(Dilation) : "") + (Bias == null ? ", bias=False" : "");
}
