// MetricFactory: metrics by Keras-style name for Compile(metrics: ["accuracy", "rmse"]).
namespace Recur.Training.Metrics;

/// <summary>Creates metrics from names.</summary>
public static class MetricFactory
{
    /// <summary>accuracy, top{k}_accuracy (e.g. top5_accuracy), perplexity, rmse, mae (no ignored class).</summary>
    public static IMetric FromName(string name) => FromName(name, -100);

    /// <summary>
    /// accuracy, top{k}_accuracy (e.g. top5_accuracy), perplexity, rmse, mae; the class metrics leave out
    /// targets equal to <paramref name="ignoreIndex"/> (pass the loss's).
    /// </summary>
    public static IMetric FromName(string name, int ignoreIndex) => FromName(name, ignoreIndex, multiLabel: null);

    /// <summary>
    /// As <see cref="FromName(string, int)"/>; <paramref name="multiLabel"/> tells the accuracy metrics how to read
    /// targets shaped like the predictions (see <see cref="Accuracy.MultiLabel"/>).
    /// </summary>
    public static IMetric FromName(string name, int ignoreIndex, bool? multiLabel) => name switch
    {
        "accuracy" or "acc" => new Accuracy(ignoreIndex: ignoreIndex, multiLabel: multiLabel),
        "perplexity" => new Perplexity(ignoreIndex),
        "rmse" => new Rmse(),
        "mae" => new Mae(),
        _ when name.StartsWith("top", StringComparison.Ordinal) && name.EndsWith("_accuracy", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(3, name.Length - 3 - "_accuracy".Length), out int k) && k > 0 => new Accuracy(k, ignoreIndex, multiLabel),
        _ => throw new ArgumentException($"Unknown metric '{name}'; use accuracy, top5_accuracy (any k), perplexity, rmse or mae."),
    };
}
