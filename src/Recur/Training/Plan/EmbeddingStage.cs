// EmbeddingStage: indices (whole numbers stored as floats, any shape S) -> rows of the table, S + [E].
// Backward adds each output row's gradient into its table row (the padding row gets none).
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Training.Plan;

internal sealed class EmbeddingStage : PlanStage
{
    private readonly Embedding _layer;
    private readonly int[] _ids;

    public EmbeddingStage(Embedding layer, int[] inputShape, bool training)
        : base(inputShape, [.. inputShape, layer.EmbeddingDim], training)
    {
        _layer = layer;
        _ids = new int[Shapes.Count(inputShape)];
    }

    public override void Forward(ReadOnlySpan<float> input, int threads)
    {
        int e = _layer.EmbeddingDim, v = _layer.NumEmbeddings;
        var table = _layer.Weight.ReadOnlyData;
        for (int i = 0; i < _ids.Length; i++)
        {
            float f = input[i];
            if (f != MathF.Floor(f) || f < 0 || f >= v)
                throw new ArgumentException($"Embedding: index {f} at position {i} is not a whole number in [0, {v}).");
            int id = _ids[i] = (int)f;
            table.Slice(id * e, e).CopyTo(Output.AsSpan(i * e, e));
        }
    }

    public override void Backward(ReadOnlySpan<float> input, Span<float> dInput, int threads)
    {
        int e = _layer.EmbeddingDim;
        int padding = _layer.PaddingIndex ?? -1;
        var dTable = GradOf(_layer.Weight);
        if (dTable.IsEmpty) return; // frozen
        for (int i = 0; i < _ids.Length; i++)
        {
            int id = _ids[i];
            if (id == padding) continue;
            var row = dTable.Slice(id * e, e);
            TensorPrimitives.Add(row, DOutput.AsSpan(i * e, e), row);
        }
    }
}
