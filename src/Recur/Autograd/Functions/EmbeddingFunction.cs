// Embedding: row lookup. weight [V, E], indices of shape S -> output S + [E], out[i] = weight[indices[i]].
// Backward scatter-adds each output row's gradient into dWeight[indices[i]] (repeated indices add up),
// skipping the padding index (PyTorch's padding_idx: that row never receives a gradient).
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class EmbeddingFunction : Node
{
    private readonly int _paddingIndex; // -1: none
    private readonly int _embeddingDim;
    private int[]? _indices;

    private EmbeddingFunction(Tensor weight, int[] indices, int paddingIndex, int embeddingDim) : base(weight)
    {
        _indices = indices;
        _paddingIndex = paddingIndex;
        _embeddingDim = embeddingDim;
    }

    public override string Name => "EmbeddingBackward";

    internal static Tensor Forward(Tensor weight, int[] indices, int[] indexShape, int? paddingIndex)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(indexShape);
        if (weight.Rank != 2)
            throw new ArgumentException($"embedding: weight must be 2-D [V, E], but got shape {Shapes.Format(weight.Shape)}.", nameof(weight));
        int count = Shapes.Count(indexShape);
        if (count != indices.Length)
            throw new ArgumentException(
                $"embedding: index shape {Shapes.Format(indexShape)} holds {count} elements but {indices.Length} indices were given " +
                $"(weight shape {Shapes.Format(weight.Shape)}).", nameof(indexShape));
        int vocab = weight.Size(0), dim = weight.Size(1);
        int pad = -1;
        if (paddingIndex is { } p)
        {
            if (p < -vocab || p >= vocab)
                throw new ArgumentOutOfRangeException(nameof(paddingIndex), p,
                    $"embedding: paddingIndex must be within the {vocab} rows of weight {Shapes.Format(weight.Shape)}.");
            pad = p < 0 ? p + vocab : p;
        }
        var output = Tensor.Uninitialized([.. indexShape, dim]);
        var w = weight.ReadOnlyData;
        var dst = output.Data;
        for (int i = 0; i < indices.Length; i++)
        {
            int row = indices[i];
            if ((uint)row >= (uint)vocab)
                throw new ArgumentOutOfRangeException(nameof(indices), row,
                    $"embedding: index out of range in self: index {row} (at position {i}) is not in [0, {vocab}) for weight of shape {Shapes.Format(weight.Shape)}.");
            w.Slice(row * dim, dim).CopyTo(dst.Slice(i * dim, dim));
        }
        new EmbeddingFunction(weight, (int[])indices.Clone(), pad, dim).Attach(output);
        return output;
    }

    protected internal override void Backward(GradientContext context)
    {
        var indices = _indices ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var dWeight = context.GradInput(0);
        int dim = _embeddingDim;
        for (int i = 0; i < indices.Length; i++)
        {
            int row = indices[i];
            if (row == _paddingIndex) continue;
            var dst = dWeight.Slice(row * dim, dim);
            TensorPrimitives.Add(dst, g.Slice(i * dim, dim), dst);
        }
    }

    protected override void ReleaseSaved() => _indices = null;
}
