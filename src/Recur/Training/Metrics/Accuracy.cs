// Accuracy and top-k accuracy for class predictions: logits [..., C] against class indices [...]; a
// single output column ([..., 1]) is a binary logit, right when (logit > 0) equals the 0/1 target.
// Positions whose target is outside [0, C) or equals ignoreIndex (the loss's, e.g. padding) are left out.
// Ties and NaN logits rank as Metrics/ClassRanking says (torch.argmax for k = 1, in_top_k for k > 1).
using Recur.Tensors;

namespace Recur.Training.Metrics;

/// <summary>Fraction of positions whose true class is among the k highest logits (k = 1: accuracy).</summary>
public sealed class Accuracy : IMetric
{
    private long _right, _total;

    /// <summary>
    /// Top-<paramref name="k"/> accuracy; k = 1 is plain accuracy. Positions whose target is
    /// <paramref name="ignoreIndex"/> (as CrossEntropyLoss's ignore_index) are left out.
    /// </summary>
    public Accuracy(int k = 1, int ignoreIndex = -100)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1");
        (K, IgnoreIndex) = (k, ignoreIndex);
    }

    /// <summary>The target class left out (class-index targets only).</summary>
    public int IgnoreIndex { get; }

    /// <summary>k.</summary>
    public int K { get; }

    /// <inheritdoc/>
    public string Name => K == 1 ? "accuracy" : $"top{K}_accuracy";

    /// <inheritdoc/>
    public void Reset() => _right = _total = 0;

    /// <inheritdoc/>
    public double Result => _total == 0 ? double.NaN : (double)_right / _total;

    /// <inheritdoc/>
    public void Update(Tensor prediction, Tensor target)
    {
        int c = prediction.Size(-1);
        var p = prediction.ReadOnlyData;
        var t = target.ReadOnlyData;
        int rows = prediction.Length / c;
        // Targets shaped like the predictions (one-hot or class probabilities, as cross-entropy takes them) are
        // compared by their arg max, as Keras' categorical accuracy does.
        bool distributions = c > 1 && Shapes.Equal(target.Shape, prediction.Shape);
        if (t.Length != rows && !distributions)
            throw new ArgumentException(
                $"{Name}: predictions {Shapes.Format(prediction.Shape)} need {rows} class indices or {Shapes.Format(prediction.Shape)} class probabilities, got {Shapes.Format(target.Shape)}.");
        for (int r = 0; r < rows; r++)
        {
            var row = p.Slice(r * c, c);
            if (distributions)
            {
                if (ClassRanking.InTopK(row, ClassRanking.ArgMax(t.Slice(r * c, c)), K)) _right++;
            }
            else if (c == 1)
            {
                if ((row[0] > 0f) == (t[r] > 0.5f)) _right++;
            }
            else
            {
                int label = (int)t[r];
                if (label < 0 || label >= c || label == IgnoreIndex) continue; // ignored (padding) positions
                if (ClassRanking.InTopK(row, label, K)) _right++;
            }
            _total++;
        }
    }
}
