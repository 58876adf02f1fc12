// ClassifierResult: the outcome of ClassifierTraining.Train: the model, its test report and the run's
// figures, with the JSON line `recur train classify --json` prints.
namespace Recur.Applications.Classification;

/// <summary>The outcome of a training run.</summary>
/// <param name="Model">The trained classifier.</param>
/// <param name="Test">Figures on the held-out test split.</param>
/// <param name="TrainSamples">Rows in the training split.</param>
/// <param name="DuplicateRows">Rows whose text occurred earlier in the file (kept on their first copy's side).</param>
/// <param name="Seconds">Training wall time.</param>
/// <param name="StopReason">Why training stopped early, or null.</param>
public sealed record ClassifierResult(TextClassifier Model, ClassificationReport Test, int TrainSamples, int DuplicateRows,
    double Seconds, string? StopReason)
{
    /// <summary>The JSON line printed with --json: the test figures plus train_samples, vocabulary, seconds.</summary>
    public string ToJson() => Test.ToJson(new Dictionary<string, object>
    {
        ["train_samples"] = TrainSamples,
        ["test_samples"] = Test.Samples,
        ["duplicate_rows"] = DuplicateRows,
        ["vocabulary"] = Model.Vocabulary.Count,
        ["seconds"] = Math.Round(Seconds, 1),
    });
}
