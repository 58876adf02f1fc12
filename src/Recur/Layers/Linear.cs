// Linear: y = x W^T + b over any leading axes (so it is time-distributed over [T, B, in]), PyTorch's
// nn.Linear: weight [out, in], bias [out], both initialised U(-1/sqrt(in), 1/sqrt(in)).
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>An affine layer, PyTorch's nn.Linear.</summary>
public sealed class Linear : Module, ILayer
{
    /// <summary>Creates the layer; parameters are drawn from <paramref name="generator"/> (seed 0 when null).</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"Linear: in_features and out_features must be positive, got {inFeatures} and {outFeatures}.");
        (InFeatures, OutFeatures) = (inFeatures, outFeatures);
        var g = generator ?? new Generator(0);
        float bound = 1f / MathF.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", Tensor.Uniform(g, -bound, bound, outFeatures, inFeatures));
        if (bias) Bias = RegisterParameter("bias", Tensor.Uniform(g, -bound, bound, outFeatures));
    }

    /// <summary>in.</summary>
    public int InFeatures { get; }

    /// <summary>out.</summary>
    public int OutFeatures { get; }

    /// <summary>W [out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>b [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>x [..., in] -> [..., out]; an unbatched x [in] gives [out], as in PyTorch.</summary>
    public Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || x.Size(-1) != InFeatures)
            throw new ArgumentException($"Linear: mat1 and mat2 shapes cannot be multiplied: input {Shapes.Format(x.Shape)}, expected last dimension {InFeatures}.");
        if (x.Rank == 1) return Forward(x.Reshape(1, InFeatures)).Reshape(OutFeatures);
        var y = x.MatMul(Weight.Transpose());
        return Bias == null ? y : y + Bias;
    }

    /// <inheritdoc/>
    protected override string ReprName => "Linear";

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"in_features={InFeatures}, out_features={OutFeatures}, bias={Repr.Bool(Bias != null)}");
}
