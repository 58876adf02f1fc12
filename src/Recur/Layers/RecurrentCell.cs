// RecurrentCell: shared parameters and input handling of the one-step cells (RnnCell, LstmCell, GruCell),
// PyTorch's nn.RNNCellBase: weight_ih [G, I], weight_hh [G, H], bias_ih [G], bias_hh [G], all drawn from
// U(-1/sqrt(H), 1/sqrt(H)). Cells are composed of autograd primitives, so they also serve as the
// independent check of the fused sequence kernels.
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>Base of the one-step recurrent cells.</summary>
public abstract class RecurrentCell : Module
{
    private protected RecurrentCell(CellKind kind, int inputSize, int hiddenSize, bool bias, Generator? generator)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentException($"{kind.TorchCellClass()}: input_size and hidden_size must be positive, got {inputSize} and {hiddenSize}.");
        Kind = kind;
        (InputSize, HiddenSize, Bias) = (inputSize, hiddenSize, bias);
        int g = kind.GateCount() * hiddenSize;
        var gen = generator ?? new Generator(0);
        float bound = 1f / MathF.Sqrt(hiddenSize);
        WeightIh = RegisterParameter("weight_ih", Tensor.Uniform(gen, -bound, bound, g, inputSize));
        WeightHh = RegisterParameter("weight_hh", Tensor.Uniform(gen, -bound, bound, g, hiddenSize));
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", Tensor.Uniform(gen, -bound, bound, g));
            BiasHh = RegisterParameter("bias_hh", Tensor.Uniform(gen, -bound, bound, g));
        }
    }

    /// <summary>The cell type.</summary>
    public CellKind Kind { get; }

    /// <summary>I.</summary>
    public int InputSize { get; }

    /// <summary>H.</summary>
    public int HiddenSize { get; }

    /// <summary>Whether the biases exist.</summary>
    public bool Bias { get; }

    /// <summary>W_ih [G, I].</summary>
    public Tensor WeightIh { get; }

    /// <summary>W_hh [G, H].</summary>
    public Tensor WeightHh { get; }

    /// <summary>b_ih [G], or null.</summary>
    public Tensor? BiasIh { get; }

    /// <summary>b_hh [G], or null.</summary>
    public Tensor? BiasHh { get; }

    /// <inheritdoc/>
    protected override string ReprName => Kind.TorchCellClass();

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{InputSize}, {HiddenSize}")
        + (Bias ? "" : ", bias=False") + (Kind == CellKind.RnnRelu ? ", nonlinearity=relu" : "");

    /// <summary>Brings x to [B, I] (unbatched [I] becomes [1, I]) after checking its size.</summary>
    private protected Tensor CheckInput(Tensor x, out bool unbatched)
    {
        if (x.Rank != 1 && x.Rank != 2)
            throw new ArgumentException($"{Kind.TorchCellClass()}: Expected input to be 1D or 2D, got {x.Rank}D instead (shape {Shapes.Format(x.Shape)}).");
        if (x.Size(-1) != InputSize)
            throw new ArgumentException($"{Kind.TorchCellClass()}: input has inconsistent input_size: got {x.Size(-1)} expected {InputSize} (shape {Shapes.Format(x.Shape)}).");
        unbatched = x.Rank == 1;
        return unbatched ? x.Reshape(1, InputSize) : x;
    }

    /// <summary>Brings a state to [B, H], or zeros when null, checking its shape.</summary>
    private protected Tensor CheckState(Tensor? state, int batch, bool unbatched, string name)
    {
        if (state == null) return Tensor.Zeros(batch, HiddenSize);
        int[] expected = unbatched ? [HiddenSize] : [batch, HiddenSize];
        if (!state.Shape.SequenceEqual(expected))
            throw new ArgumentException($"{Kind.TorchCellClass()}: Expected {name} of shape {Shapes.Format(expected)}, got {Shapes.Format(state.Shape)}.");
        return unbatched ? state.Reshape(1, HiddenSize) : state;
    }

    /// <summary>x W_ih^T + b_ih and h W_hh^T + b_hh, each [B, G].</summary>
    private protected (Tensor Gx, Tensor Gh) Projections(Tensor x, Tensor h)
    {
        var gx = x.MatMul(WeightIh.Transpose());
        var gh = h.MatMul(WeightHh.Transpose());
        if (BiasIh != null) gx = gx + BiasIh;
        if (BiasHh != null) gh = gh + BiasHh!;
        return (gx, gh);
    }

    /// <summary>Removes the batch axis again for unbatched input.</summary>
    private protected Tensor Unbatch(Tensor t, bool unbatched) => unbatched ? t.Reshape(HiddenSize) : t;
}
