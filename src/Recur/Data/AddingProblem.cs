// AddingProblem: the long-range memory benchmark of Hochreiter & Schmidhuber (1997), in the form of
// Arjovsky et al. (2016): each step carries (value ~ U(0, 1), marker); exactly two markers are 1, one in
// each half of the sequence; the target is the sum of the two marked values. Predicting the mean (1)
// gives MSE 1/6 ~ 0.167.
using Recur.Tensors;

namespace Recur.Data;

/// <summary>Generates batches of the adding problem.</summary>
public sealed class AddingProblem
{
    private readonly Generator _generator;

    /// <summary>Sequences of <paramref name="length"/> steps from <paramref name="generator"/>.</summary>
    public AddingProblem(int length, Generator generator)
    {
        if (length < 2) throw new ArgumentException($"The adding problem needs a length of at least 2, got {length}.");
        if (length > 1_000_000) throw new ArgumentException($"The adding problem supports lengths up to 1,000,000 steps, got {length} (--length).");
        Length = length;
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
    }

    /// <summary>T.</summary>
    public int Length { get; }

    /// <summary>MSE of always predicting 1 (the target's mean): the variance of a sum of two U(0, 1).</summary>
    public const double BaselineMse = 1.0 / 6.0;

    /// <summary>A batch: x [T, B, 2] (value, marker) and target [B, 1].</summary>
    public (Tensor X, Tensor Target) Batch(int batch)
    {
        int t = Length;
        var x = Tensor.Zeros(t, batch, 2);
        var y = Tensor.Zeros(batch, 1);
        var xd = x.Data;
        var yd = y.Data;
        for (int b = 0; b < batch; b++)
        {
            for (int s = 0; s < t; s++) xd[(s * batch + b) * 2] = _generator.NextFloat();
            int first = _generator.NextInt(t / 2), second = t / 2 + _generator.NextInt(t - t / 2);
            xd[(first * batch + b) * 2 + 1] = 1f;
            xd[(second * batch + b) * 2 + 1] = 1f;
            yd[b] = xd[(first * batch + b) * 2] + xd[(second * batch + b) * 2];
        }
        return (x, y);
    }
}
