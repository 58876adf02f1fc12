// LayerNorm: normalisation over the last axis with a learned scale and shift, PyTorch's nn.LayerNorm
// for a 1-D normalized_shape: weight [N] = 1, bias [N] = 0, eps 1e-5.
using Recur.Autograd.Functions;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>[..., N] -> [..., N], each row normalised to mean 0 and variance 1, then scaled and shifted.</summary>
public sealed class LayerNorm : Module, ILayer
{
    /// <summary>Normalises over a last axis of <paramref name="normalizedShape"/> elements.</summary>
    public LayerNorm(int normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true)
    {
        if (normalizedShape <= 0) throw new ArgumentException($"LayerNorm: normalized_shape must be positive, got {normalizedShape}.");
        if (!(eps >= 0 && float.IsFinite(eps))) throw new ArgumentException($"LayerNorm: eps must be a finite number >= 0, got {eps}.");
        (NormalizedShape, Eps) = (normalizedShape, eps);
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(normalizedShape));
            Bias = RegisterParameter("bias", Tensor.Zeros(normalizedShape));
        }
    }

    /// <summary>N.</summary>
    public int NormalizedShape { get; }

    /// <summary>eps added to the variance.</summary>
    public float Eps { get; }

    /// <summary>Scale [N], or null without affine parameters.</summary>
    public Tensor? Weight { get; }

    /// <summary>Shift [N], or null without affine parameters.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || x.Size(-1) != NormalizedShape)
            throw new ArgumentException($"LayerNorm: Given normalized_shape=[{NormalizedShape}], expected input with shape [*, {NormalizedShape}], but got input of size {Shapes.Format(x.Shape)}.");
        return LayerNormFunction.Forward(x, Weight, Bias, Eps);
    }

    /// <inheritdoc/>
    protected override string ReprName => "LayerNorm";

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({NormalizedShape},), eps={Repr.Float(Eps)}, elementwise_affine={Repr.Bool(Weight != null)}");
}
