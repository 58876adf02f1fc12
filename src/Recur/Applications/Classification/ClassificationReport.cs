// ClassificationReport: the figures of a classifier on labelled data: accuracy, per-class precision,
// recall, F1 and support, macro F1 and the confusion matrix (Training/Metrics/ConfusionMatrix), beside the
// majority-class baseline (always predicting the most frequent true label of the same data). Format()
// gives readable tables; ToJson() the figures as one JSON object.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Recur.Training.Metrics;

namespace Recur.Applications.Classification;

/// <summary>Classification figures on one labelled data set.</summary>
/// <param name="Labels">Class labels, index order.</param>
/// <param name="Matrix">Counts of (true, predicted) classes.</param>
/// <param name="BaselineLabel">The most frequent true label.</param>
/// <param name="BaselineAccuracy">Accuracy of always predicting it.</param>
public sealed record ClassificationReport(IReadOnlyList<string> Labels, ConfusionMatrix Matrix, string BaselineLabel, double BaselineAccuracy)
{
    /// <summary>Fraction of samples classified right.</summary>
    public double Accuracy => Matrix.Accuracy;

    /// <summary>Mean of the per-class F1.</summary>
    public double MacroF1 => Matrix.MacroF1;

    /// <summary>Number of samples.</summary>
    public long Samples => Matrix.Total;

    /// <summary>Builds the report from true and predicted class indices.</summary>
    public static ClassificationReport From(IReadOnlyList<string> labels, ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (actual.Length == 0) throw new ArgumentException("There are no samples to report on.");
        var matrix = new ConfusionMatrix(labels.Count);
        matrix.Add(actual, predicted);
        int majority = 0;
        for (int c = 1; c < labels.Count; c++)
            if (matrix.Support(c) > matrix.Support(majority)) majority = c;
        return new ClassificationReport(labels, matrix, labels[majority], (double)matrix.Support(majority) / matrix.Total);
    }

    /// <summary>Per-class table, confusion matrix and summary line, as plain text.</summary>
    public string Format()
    {
        var inv = CultureInfo.InvariantCulture;
        int w = Math.Max(8, Labels.Max(l => l.Length) + 2);
        var sb = new StringBuilder();
        sb.Append("class".PadRight(w)).AppendLine(" precision    recall        F1   support");
        bool absent = false;
        for (int c = 0; c < Labels.Count; c++)
        {
            // A class in neither the labels nor the predictions has no figures (the macro averages leave it out).
            if (!Matrix.Occurs(c))
            {
                absent = true;
                sb.Append(Labels[c].PadRight(w)).AppendLine(string.Format(inv, "{0,10}{0,10}{0,10}{1,10}", "-", 0));
                continue;
            }
            sb.Append(Labels[c].PadRight(w)).AppendLine(string.Format(inv, "{0,10:0.0000}{1,10:0.0000}{2,10:0.0000}{3,10}",
                Matrix.Precision(c), Matrix.Recall(c), Matrix.F1(c), Matrix.Support(c)));
        }
        // Macro averages run over the classes that occur (true or predicted), as scikit-learn's defaults do.
        sb.Append("macro avg".PadRight(w)).AppendLine(string.Format(inv, "{0,10:0.0000}{1,10:0.0000}{2,10:0.0000}{3,10}",
            Matrix.MacroPrecision, Matrix.MacroRecall, MacroF1, Samples));
        if (absent) sb.AppendLine("(-: a class in neither these labels nor the predictions; the macro averages leave it out, as scikit-learn's do)");
        sb.AppendLine();
        int cw = Math.Max(8, Labels.Max(l => l.Length) + 2);
        sb.Append("true \\ predicted".PadRight(Math.Max(w, 18)));
        foreach (var l in Labels) sb.Append(l.PadLeft(cw));
        sb.AppendLine();
        for (int a = 0; a < Labels.Count; a++)
        {
            sb.Append(Labels[a].PadRight(Math.Max(w, 18)));
            for (int p = 0; p < Labels.Count; p++) sb.Append(Matrix[a, p].ToString(inv).PadLeft(cw));
            sb.AppendLine();
        }
        sb.AppendLine();
        sb.Append(string.Format(inv, "accuracy {0:P2} ({1} of {2}), macro F1 {3:0.0000}; majority baseline (always '{4}') {5:P2}",
            Accuracy, (long)Math.Round(Accuracy * Samples), Samples, MacroF1, BaselineLabel, BaselineAccuracy));
        return sb.ToString();
    }

    /// <summary>
    /// The figures as one JSON object: task, samples, accuracy, macro_f1, baseline_accuracy, per_class
    /// {label: {precision, recall, f1, support}} (the classes that occur as a label or a prediction), confusion (rows true, columns predicted, label order),
    /// labels, plus <paramref name="extra"/> fields.
    /// </summary>
    public string ToJson(IReadOnlyDictionary<string, object>? extra = null)
    {
        var o = new Dictionary<string, object>
        {
            ["task"] = TextClassifier.TaskName,
            ["samples"] = Samples,
            ["accuracy"] = Round(Accuracy),
            ["macro_f1"] = Round(MacroF1),
            ["baseline_accuracy"] = Round(BaselineAccuracy),
            ["labels"] = Labels,
            // Classes in neither the labels nor the predictions have no figures (as in scikit-learn's report).
            ["per_class"] = Enumerable.Range(0, Labels.Count).Where(Matrix.Occurs).ToDictionary(c => Labels[c], c => new Dictionary<string, object>
            {
                ["precision"] = Round(Matrix.Precision(c)),
                ["recall"] = Round(Matrix.Recall(c)),
                ["f1"] = Round(Matrix.F1(c)),
                ["support"] = Matrix.Support(c),
            }),
            ["confusion"] = Enumerable.Range(0, Labels.Count).Select(a => Enumerable.Range(0, Labels.Count).Select(p => Matrix[a, p]).ToArray()).ToArray(),
        };
        if (extra != null)
            foreach (var (k, v) in extra) o[k] = v;
        return JsonSerializer.Serialize(o);
    }

    private static double Round(double x) => Math.Round(x, 6);
}
