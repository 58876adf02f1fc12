// SpeechResult: the final figures of `recur train speech` (and of `recur eval` on a speech model):
// classify: accuracy on the test recordings beside the majority-class baseline; ctc: label (digit) error
// rate = edit distance / reference length over the test sequences, greedy and beam search.
using System.Globalization;
using Recur.Text;

namespace Recur.Applications.Speech;

/// <summary>Figures of a speech run or evaluation.</summary>
/// <param name="Mode">The objective.</param>
/// <param name="TrainItems">Training recordings (0 for an evaluation).</param>
/// <param name="TestItems">Test recordings (classify) or test sequences (ctc).</param>
/// <param name="Accuracy">classify: fraction of test recordings labelled right (ctc: sequences transcribed exactly).</param>
/// <param name="Baseline">classify: accuracy of always answering the most frequent training label; ctc: 1 (empty output).</param>
/// <param name="Cer">ctc: label error rate with beam search (classify: 1 - accuracy).</param>
/// <param name="GreedyCer">ctc: label error rate with greedy decoding.</param>
/// <param name="Epochs">Epochs completed.</param>
/// <param name="Seconds">Training wall time.</param>
/// <param name="StopReason">Why training stopped early, or null.</param>
public sealed record SpeechResult(SpeechMode Mode, int TrainItems, int TestItems, double Accuracy, double Baseline, double Cer,
    double GreedyCer, int Epochs, double Seconds, string? StopReason)
{
    /// <summary>The JSON line printed with --json.</summary>
    public string ToJson() => Mode == SpeechMode.Classify
        ? string.Create(CultureInfo.InvariantCulture,
            $"{{\"task\":\"speech\",\"mode\":\"classify\",\"train_items\":{TrainItems},\"test_items\":{TestItems},\"accuracy\":{Accuracy:0.######},\"baseline_accuracy\":{Baseline:0.######},\"epochs\":{Epochs},\"seconds\":{Seconds:0.###}}}")
        : string.Create(CultureInfo.InvariantCulture,
            $"{{\"task\":\"speech\",\"mode\":\"ctc\",\"train_items\":{TrainItems},\"test_sequences\":{TestItems},\"cer\":{Cer:0.######},\"greedy_cer\":{GreedyCer:0.######},\"sequence_accuracy\":{Accuracy:0.######},\"epochs\":{Epochs},\"seconds\":{Seconds:0.###}}}");

    /// <summary>The JSON line of `recur eval`: the figures without the training fields (which an evaluation has not).</summary>
    public string ToEvaluationJson() => Mode == SpeechMode.Classify
        ? string.Create(CultureInfo.InvariantCulture,
            $"{{\"task\":\"speech\",\"mode\":\"classify\",\"test_items\":{TestItems},\"accuracy\":{Accuracy:0.######},\"baseline_accuracy\":{Baseline:0.######}}}")
        : string.Create(CultureInfo.InvariantCulture,
            $"{{\"task\":\"speech\",\"mode\":\"ctc\",\"test_sequences\":{TestItems},\"cer\":{Cer:0.######},\"greedy_cer\":{GreedyCer:0.######},\"sequence_accuracy\":{Accuracy:0.######}}}");

    /// <summary>A one-line human summary.</summary>
    public string Summary() => Mode == SpeechMode.Classify
        ? string.Create(CultureInfo.InvariantCulture,
            $"speech (classify): accuracy {Accuracy:P2} on {TestItems} test recordings (always the most frequent label: {Baseline:P2}); {Counted.Of(Epochs, "epoch")} in {Seconds:0} s")
        : string.Create(CultureInfo.InvariantCulture,
            $"speech (ctc): label error rate {Cer:P2} with beam search ({GreedyCer:P2} greedy), {Accuracy:P1} of {TestItems} test sequences exact; {Counted.Of(Epochs, "epoch")} in {Seconds:0} s");
}
