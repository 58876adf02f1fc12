// LastTimeStep: picks the last step of a batch-first sequence, [B, T, F] -> [B, F], the usual bridge
// from a recurrent layer to a classifier or regressor head (Keras' return_sequences=False). After a
// bidirectional layer the reverse direction's last step is at t = 0 (its output at t = T - 1 has read one
// step only): with bidirectional, the forward half comes from t = T - 1 and the reverse half from t = 0,
// which is the last layer's final states h_n of both directions, concatenated (Keras' Bidirectional with
// return_sequences=False).
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>[B, T, F] -> [B, F]: the output at the last time step (of each direction, with bidirectional).</summary>
public sealed class LastTimeStep : Module, ILayer
{
    /// <summary>
    /// Creates the layer. With <paramref name="bidirectional"/> the input's features are two directions
    /// [forward F/2 | reverse F/2] (a bidirectional layer's output): the forward half is taken at the last
    /// step and the reverse half at the first, the step where the reverse direction ends.
    /// </summary>
    public LastTimeStep(bool bidirectional = false) => Bidirectional = bidirectional;

    /// <summary>Whether the features are [forward | reverse] halves, the reverse half taken at t = 0.</summary>
    public bool Bidirectional { get; }

    /// <inheritdoc/>
    public Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3)
            throw new ArgumentException($"{Name}: expected a batch-first sequence [B, T, F], got {Shapes.Format(x.Shape)}.");
        int b = x.Size(0), t = x.Size(1), f = x.Size(2);
        if (t == 0) throw new ArgumentException($"{Name}: the sequence has no time steps (input {Shapes.Format(x.Shape)}).");
        if (!Bidirectional) return x.Slice(1, t - 1, 1).Reshape(b, f);
        CheckHalves(f, x.Shape);
        var forward = x.Slice(1, t - 1, 1).Slice(2, 0, f / 2);
        var reverse = x.Slice(1, 0, 1).Slice(2, f / 2, f / 2);
        return Tensor.Concat([forward, reverse], 2).Reshape(b, f);
    }

    /// <summary>
    /// [B, T, F] with lengths [B] (each in 1..T) -> [B, F]: each sample's output at its last real step
    /// lengths[b] - 1 (bidirectional: the forward half there and the reverse half at t = 0, where the reverse
    /// direction ends). Null lengths take step T - 1 for every sample.
    /// </summary>
    public Tensor Forward(Tensor x, int[]? lengths)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (lengths == null) return Forward(x);
        if (x.Rank != 3)
            throw new ArgumentException($"{Name}: expected a batch-first sequence [B, T, F], got {Shapes.Format(x.Shape)}.");
        int b = x.Size(0), t = x.Size(1), f = x.Size(2);
        if (t == 0) throw new ArgumentException($"{Name}: the sequence has no time steps (input {Shapes.Format(x.Shape)}).");
        if (lengths.Length != b)
            throw new ArgumentException($"{Name}: expected {b} lengths (one per sample of {Shapes.Format(x.Shape)}), got {lengths.Length}.");
        CheckHalves(f, x.Shape);
        // Each sample's step gathered by slices (exact, and a NaN or infinity in the padding never reaches the
        // result or its gradient, as it would through a 0/1 mask multiplied in).
        var rows = new Tensor[b];
        for (int s = 0; s < b; s++)
        {
            if (lengths[s] < 1 || lengths[s] > t)
                throw new ArgumentException($"{Name}: lengths[{s}] = {lengths[s]} is outside 1..{t} (the input's time steps).");
            var sample = x.Slice(0, s, 1);
            var last = sample.Slice(1, lengths[s] - 1, 1);
            rows[s] = Bidirectional
                ? Tensor.Concat([last.Slice(2, 0, f / 2), sample.Slice(1, 0, 1).Slice(2, f / 2, f / 2)], 2)
                : last;
        }
        return Tensor.Concat(rows, 0).Reshape(b, f);
    }

    /// <summary>Refuses a feature size that cannot be two equal directions.</summary>
    internal void CheckHalves(int features, ReadOnlySpan<int> shape)
    {
        if (Bidirectional && features % 2 != 0)
            throw new ArgumentException(
                $"{Name}: the features must be two directions of equal size (a bidirectional layer's output), got F = {features} " +
                $"(input {Shapes.Format(shape)}); use LastTimeStep() after a unidirectional layer.");
    }

    private string Name => Bidirectional ? "LastTimeStep(bidirectional=True)" : "LastTimeStep";

    /// <inheritdoc/>
    protected override string ExtraRepr() => Bidirectional ? "bidirectional=True" : "";
}
