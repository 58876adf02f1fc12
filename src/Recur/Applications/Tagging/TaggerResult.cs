// TaggerResult: the final figures of `recur train tag`: the evaluation report (dev file, or held-out
// training sentences) and how training went.
using System.Globalization;
using Recur.Text;

namespace Recur.Applications.Tagging;

/// <summary>Figures of a tagger training run.</summary>
/// <param name="TrainSentences">Training sentences.</param>
/// <param name="TrainTokens">Training words.</param>
/// <param name="Evaluation">Figures on the evaluation sentences.</param>
/// <param name="EvaluationName">What was evaluated (the dev file, or "held-out training sentences").</param>
/// <param name="Epochs">Epochs completed (a partial last one counts when the time budget ended it).</param>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="Seconds">Training wall time.</param>
/// <param name="StopReason">Why training stopped early, or null.</param>
public sealed record TaggerResult(int TrainSentences, int TrainTokens, TaggingReport Evaluation, string EvaluationName, int Epochs, long Steps,
    double Seconds, string? StopReason)
{
    /// <summary>Token accuracy on the evaluation sentences.</summary>
    public double Accuracy => Evaluation.Accuracy;

    /// <summary>The most-frequent-tag baseline on the same sentences.</summary>
    public double BaselineAccuracy => Evaluation.BaselineAccuracy;

    /// <summary>The JSON line printed with --json.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"task\":\"tag\",\"train_sentences\":{TrainSentences},\"train_tokens\":{TrainTokens},{Evaluation.JsonFields()},\"epochs\":{Epochs},\"steps\":{Steps},\"seconds\":{Seconds:0.###}}}");

    /// <summary>A one-line human summary.</summary>
    public string Summary() => Evaluation.Summary(EvaluationName) +
        string.Create(CultureInfo.InvariantCulture, $"; {Counted.Of(Epochs, "epoch")} ({Counted.Of(Steps, "step")}) in {Seconds:0} s");
}
