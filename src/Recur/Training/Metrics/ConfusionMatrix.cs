// ConfusionMatrix: counts of (true class, predicted class) pairs over C classes and the figures read
// from them: accuracy = trace / total; per class c, precision = M[c,c] / sum_a M[a,c] (column),
// recall = M[c,c] / sum_p M[c,p] (row), F1 = 2 P R / (P + R); a ratio with a zero denominator is 0
// (scikit-learn's zero_division=0). Macro F1 is the unweighted mean of the per-class F1.
using Recur.Tensors;

namespace Recur.Training.Metrics;

/// <summary>A C x C confusion matrix: rows are true classes, columns predicted classes.</summary>
public sealed class ConfusionMatrix : IMetric
{
    private readonly long[] _counts;

    /// <summary>
    /// An empty matrix over <paramref name="classes"/> classes. As a metric (<see cref="Update"/>), positions whose
    /// target is <paramref name="ignoreIndex"/> (as CrossEntropyLoss's ignore_index, e.g. padding) are left out.
    /// </summary>
    public ConfusionMatrix(int classes, int ignoreIndex = -100)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "A confusion matrix needs at least one class.");
        Classes = classes;
        IgnoreIndex = ignoreIndex;
        _counts = new long[classes * classes];
    }

    /// <summary>The target class <see cref="Update"/> leaves out.</summary>
    public int IgnoreIndex { get; }

    /// <summary>C, the number of classes.</summary>
    public int Classes { get; }

    /// <summary>How many samples were added.</summary>
    public long Total { get; private set; }

    /// <summary>Samples of true class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[Check(actual) * Classes + Check(predicted)];

    /// <summary>"confusion_accuracy": its result is the accuracy, under a name of its own beside an Accuracy metric.</summary>
    public string Name => "confusion_accuracy";

    /// <summary>Adds one sample.</summary>
    public void Add(int actual, int predicted)
    {
        _counts[Check(actual) * Classes + Check(predicted)]++;
        Total++;
    }

    /// <summary>Adds pairs of true and predicted classes (equal lengths).</summary>
    public void Add(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
    {
        if (actual.Length != predicted.Length)
            throw new ArgumentException($"{actual.Length} true classes but {predicted.Length} predictions.");
        for (int i = 0; i < actual.Length; i++) Add(actual[i], predicted[i]);
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Array.Clear(_counts);
        Total = 0;
    }

    /// <summary>Adds a batch of logits [N, C] (predicted class = arg max) against class indices [N] (<see cref="IgnoreIndex"/> skipped).</summary>
    public void Update(Tensor prediction, Tensor target)
    {
        int c = prediction.Size(-1);
        if (c != Classes) throw new ArgumentException($"confusion matrix: logits have {c} classes, the matrix {Classes}.");
        var p = prediction.ReadOnlyData;
        var t = target.ReadOnlyData;
        int rows = prediction.Length / c;
        if (t.Length != rows)
            throw new ArgumentException($"confusion matrix: logits {Shapes.Format(prediction.Shape)} need {rows} targets, got {Shapes.Format(target.Shape)}.");
        for (int r = 0; r < rows; r++)
        {
            if (t[r] == IgnoreIndex) continue; // ignored (padding) positions
            Add((int)t[r], ClassRanking.ArgMax(p.Slice(r * c, c)));
        }
    }

    /// <summary>Accuracy (NaN when empty).</summary>
    public double Result => Accuracy;

    /// <summary>Fraction of samples on the diagonal (NaN when empty).</summary>
    public double Accuracy
    {
        get
        {
            if (Total == 0) return double.NaN;
            long right = 0;
            for (int c = 0; c < Classes; c++) right += _counts[c * Classes + c];
            return (double)right / Total;
        }
    }

    /// <summary>Samples whose true class is <paramref name="c"/> (the row sum).</summary>
    public long Support(int c)
    {
        Check(c);
        long s = 0;
        for (int p = 0; p < Classes; p++) s += _counts[c * Classes + p];
        return s;
    }

    /// <summary>Samples predicted as <paramref name="c"/> (the column sum).</summary>
    public long Predicted(int c)
    {
        Check(c);
        long s = 0;
        for (int a = 0; a < Classes; a++) s += _counts[a * Classes + c];
        return s;
    }

    /// <summary>Of the samples predicted as c, the fraction that are c (0 when none was predicted as c).</summary>
    public double Precision(int c) => Ratio(_counts[Check(c) * Classes + c], Predicted(c));

    /// <summary>Of the samples of class c, the fraction predicted as c (0 when there are none).</summary>
    public double Recall(int c) => Ratio(_counts[Check(c) * Classes + c], Support(c));

    /// <summary>Harmonic mean of precision and recall (0 when both are 0).</summary>
    public double F1(int c)
    {
        double p = Precision(c), r = Recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>
    /// Unweighted mean of the per-class F1 over the classes that occur (as a true class or a prediction), as
    /// scikit-learn's default averages; NaN when there are none.
    /// </summary>
    public double MacroF1 => MacroAverage(F1);

    /// <summary>Unweighted mean of the per-class precision over the classes that occur (see <see cref="MacroF1"/>).</summary>
    public double MacroPrecision => MacroAverage(Precision);

    /// <summary>Unweighted mean of the per-class recall over the classes that occur (see <see cref="MacroF1"/>).</summary>
    public double MacroRecall => MacroAverage(Recall);

    /// <summary>Whether class <paramref name="c"/> occurs, as a true class or as a prediction.</summary>
    public bool Occurs(int c) => Support(c) + Predicted(c) > 0;

    private double MacroAverage(Func<int, double> figure)
    {
        double s = 0;
        int n = 0;
        for (int c = 0; c < Classes; c++)
        {
            if (!Occurs(c)) continue;
            s += figure(c);
            n++;
        }
        return n == 0 ? double.NaN : s / n;
    }

    private static double Ratio(long a, long b) => b == 0 ? 0 : (double)a / b;

    private int Check(int c)
    {
        if ((uint)c >= (uint)Classes) throw new ArgumentOutOfRangeException(nameof(c), c, $"Class indices lie in 0..{Classes - 1}.");
        return c;
    }
}
