// Embedding: a lookup table, PyTorch's nn.Embedding: weight [V, E] initialised N(0, 1), the padding row
// (if any) zeroed and never updated by gradients. Indices come as int arrays or as float tensors that
// hold whole numbers (Recur's tensors are float32).
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>Maps token ids to vectors: [...] -> [..., E].</summary>
public sealed class Embedding : Module, ILayer
{
    /// <summary>
    /// Creates a table of <paramref name="numEmbeddings"/> rows of <paramref name="embeddingDim"/> values. With
    /// <paramref name="maskPadding"/> (Keras' mask_zero; needs <paramref name="paddingIndex"/>), a
    /// <see cref="Sequential"/> reads each sample's length from where its padding starts and hands the lengths
    /// to the recurrent layers and <see cref="LastTimeStep"/> after it.
    /// </summary>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIndex = null, Generator? generator = null, bool maskPadding = false)
    {
        if (maskPadding && paddingIndex == null)
            throw new ArgumentException("Embedding: maskPadding needs a paddingIndex (the token that marks padding), e.g. paddingIndex: 0.");
        MaskPadding = maskPadding;
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new ArgumentException($"Embedding: num_embeddings and embedding_dim must be positive, got {numEmbeddings} and {embeddingDim}.");
        if (paddingIndex is { } p && (p < -numEmbeddings || p >= numEmbeddings))
            throw new ArgumentException($"Embedding: padding_idx must be within num_embeddings ({numEmbeddings}), got {p}.");
        (NumEmbeddings, EmbeddingDim) = (numEmbeddings, embeddingDim);
        PaddingIndex = paddingIndex is { } q && q < 0 ? q + numEmbeddings : paddingIndex;
        Weight = RegisterParameter("weight", Tensor.Normal(generator ?? new Generator(0), 0f, 1f, numEmbeddings, embeddingDim));
        if (PaddingIndex is { } pad) Weight.Data.Slice(pad * embeddingDim, embeddingDim).Clear();
    }

    /// <summary>V.</summary>
    public int NumEmbeddings { get; }

    /// <summary>E.</summary>
    public int EmbeddingDim { get; }

    /// <summary>Whether a <see cref="Sequential"/> masks the padding after this layer (Keras' mask_zero).</summary>
    public bool MaskPadding { get; }

    /// <summary>The row that stays zero and gets no gradient, or null.</summary>
    public int? PaddingIndex { get; }

    /// <summary>The table [V, E].</summary>
    public Tensor Weight { get; }

    /// <summary>indices (any shape, whole numbers in [0, V)) -> [..., E].</summary>
    public Tensor Forward(Tensor indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var src = indices.ReadOnlyData;
        var ids = new int[src.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            float v = src[i];
            if (v != MathF.Floor(v) || float.IsInfinity(v))
                throw new ArgumentException($"Embedding: indices must be whole numbers, found {v} at position {i}.");
            if (v < 0 || v >= NumEmbeddings)
                throw new ArgumentException($"embedding: index out of range in self: index {v} (at position {i}) is not in [0, {NumEmbeddings}).");
            ids[i] = (int)v;
        }
        return Forward(ids, indices.ShapeArray);
    }

    /// <summary>indices with shape <paramref name="shape"/> -> shape + [E].</summary>
    public Tensor Forward(int[] indices, int[] shape) => Tensor.Embedding(Weight, indices, shape, PaddingIndex);

    /// <inheritdoc/>
    protected override string ReprName => "Embedding";

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{NumEmbeddings}, {EmbeddingDim}{(PaddingIndex is { } p ? $", padding_idx={p}" : "")}{(MaskPadding ? ", mask_padding=True" : "")}");
}
