// Perplexity: exp of the mean cross-entropy (nats per token) of logits [..., C] against class indices,
// accumulated over all positions (targets outside [0, C) or equal to ignoreIndex, e.g. padding, are skipped).
using Recur.Tensors;

namespace Recur.Training.Metrics;

/// <summary>exp(mean negative log-likelihood per token).</summary>
public sealed class Perplexity : IMetric
{
    private double _nll;
    private long _count;

    /// <summary>Perplexity over the positions whose target is not <paramref name="ignoreIndex"/> (as CrossEntropyLoss's).</summary>
    public Perplexity(int ignoreIndex = -100) => IgnoreIndex = ignoreIndex;

    /// <summary>The target class left out.</summary>
    public int IgnoreIndex { get; }

    /// <inheritdoc/>
    public string Name => "perplexity";

    /// <inheritdoc/>
    public void Reset() => (_nll, _count) = (0, 0);

    /// <inheritdoc/>
    public double Result => _count == 0 ? double.NaN : Math.Exp(_nll / _count);

    /// <summary>Mean negative log-likelihood in nats per token.</summary>
    public double MeanNll => _count == 0 ? double.NaN : _nll / _count;

    /// <inheritdoc/>
    public void Update(Tensor prediction, Tensor target)
    {
        int c = prediction.Size(-1);
        var p = prediction.ReadOnlyData;
        var t = target.ReadOnlyData;
        int rows = prediction.Length / c;
        // Targets shaped like the logits are class probabilities (one-hot included): the cross-entropy against
        // each row, -sum_j p_j log softmax(x)_j, exactly as CrossEntropyLoss computes it (so exp of its loss).
        if (c > 1 && Shapes.Equal(target.Shape, prediction.Shape))
        {
            for (int r = 0; r < rows; r++)
            {
                var row = p.Slice(r * c, c);
                var probabilities = t.Slice(r * c, c);
                float max = TensorPrimitives.Max(row);
                double sum = 0;
                for (int j = 0; j < c; j++) sum += Math.Exp(row[j] - max);
                double logZ = Math.Log(sum) + max, nll = 0;
                for (int j = 0; j < c; j++)
                    if (probabilities[j] != 0f) nll += probabilities[j] * (logZ - row[j]);
                _nll += nll;
                _count++;
            }
            return;
        }
        if (t.Length != rows)
            throw new ArgumentException(
                $"perplexity: logits {Shapes.Format(prediction.Shape)} need {rows} class indices or {Shapes.Format(prediction.Shape)} class probabilities, got {Shapes.Format(target.Shape)}.");
        for (int r = 0; r < rows; r++)
        {
            int label = (int)t[r];
            if (label < 0 || label >= c || label == IgnoreIndex) continue;
            var row = p.Slice(r * c, c);
            float max = TensorPrimitives.Max(row);
            double sum = 0;
            for (int j = 0; j < c; j++) sum += Math.Exp(row[j] - max);
            _nll += Math.Log(sum) + max - row[label];
            _count++;
        }
    }
}
