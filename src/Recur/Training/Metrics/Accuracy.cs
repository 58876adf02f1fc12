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
        // Targets shaped like the predictions: a row that is a class distribution (one-hot or probabilities, as
        // cross-entropy takes them) is compared by its arg max, as Keras' categorical accuracy does; any other row
        // (multi-label 0/1 targets, as binary cross-entropy takes them) element by element, as Keras' binary
        // accuracy does (logit > 0 against target > 0.5).
        bool distributions = c > 1 && Shapes.Equal(target.Shape, prediction.Shape);
        if (t.Length != rows && !distributions)
            throw new ArgumentException(
                $"{Name}: predictions {Shapes.Format(prediction.Shape)} need {rows} class indices or {Shapes.Format(prediction.Shape)} class probabilities, got {Shapes.Format(target.Shape)}.");
        for (int r = 0; r < rows; r++)
        {
            var row = p.Slice(r * c, c);
            if (distributions)
            {
                var targetRow = t.Slice(r * c, c);
                if (ClassRanking.IsDistribution(targetRow))
                {
                    if (ClassRanking.InTopK(row, ClassRanking.ArgMax(targetRow), K)) _right++;
                }
                else
                {
                    if (K > 1)
                        throw new ArgumentException(
                            $"{Name}: target row {r} is not a class distribution (it does not sum to 1), and multi-label targets have no top-{K} accuracy; use \"accuracy\".");
                    for (int j = 0; j < c; j++)
                        if ((row[j] > 0f) == (targetRow[j] > 0.5f)) _right++;
                    _total += c - 1; // one count per label (the row's own count follows)
                }
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
