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
    /// <paramref name="ignoreIndex"/> (as CrossEntropyLoss's ignore_index) are left out; see
    /// <see cref="MultiLabel"/> for targets shaped like the predictions.
    /// </summary>
    public Accuracy(int k = 1, int ignoreIndex = -100, bool? multiLabel = null)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1");
        (K, IgnoreIndex, MultiLabel) = (k, ignoreIndex, multiLabel);
    }

    /// <summary>
    /// For targets shaped like the predictions: true scores every label (multi-label targets, binary
    /// cross-entropy's), false each row's arg max (one-hot or class probabilities, cross-entropy's), null decides
    /// per batch (multi-label when a row is neither a distribution nor all zeros). Named metrics get it from the
    /// compiled loss.
    /// </summary>
    public bool? MultiLabel { get; }

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
        if (c > 1 && Shapes.Equal(target.Shape, prediction.Shape))
        {
            UpdateShaped(p, t, rows, c);
            return;
        }
        if (t.Length != rows)
            throw new ArgumentException(
                $"{Name}: predictions {Shapes.Format(prediction.Shape)} need {rows} class indices or {Shapes.Format(prediction.Shape)} class probabilities, got {Shapes.Format(target.Shape)}.");
        for (int r = 0; r < rows; r++)
        {
            var row = p.Slice(r * c, c);
            if (c == 1)
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

    /// <summary>
    /// Targets shaped like the predictions. Multi-label (<see cref="MultiLabel"/>, or, when that is null, a batch
    /// with a row that is neither a class distribution nor all zeros): every label scored, logit &gt; 0 against
    /// target &gt; 0.5 (Keras' binary accuracy). Otherwise each row's arg max (Keras' categorical accuracy), and
    /// an all-zero row is padding, left out.
    /// </summary>
    private void UpdateShaped(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int rows, int c)
    {
        bool multi = MultiLabel ?? !AllCategorical(t, rows, c);
        if (multi && K > 1)
            throw new ArgumentException($"{Name}: multi-label targets have no top-{K} accuracy; use \"accuracy\".");
        for (int r = 0; r < rows; r++)
        {
            var row = p.Slice(r * c, c);
            var targetRow = t.Slice(r * c, c);
            if (multi)
            {
                for (int j = 0; j < c; j++)
                    if ((row[j] > 0f) == (targetRow[j] > 0.5f)) _right++;
                _total += c;
                continue;
            }
            if (targetRow.IndexOfAnyExcept(0f) < 0) continue; // padding
            if (ClassRanking.InTopK(row, ClassRanking.ArgMax(targetRow), K)) _right++;
            _total++;
        }
    }

    private static bool AllCategorical(ReadOnlySpan<float> t, int rows, int c)
    {
        for (int r = 0; r < rows; r++)
        {
            var row = t.Slice(r * c, c);
            if (row.IndexOfAnyExcept(0f) >= 0 && !ClassRanking.IsDistribution(row)) return false;
        }
        return true;
    }
}
