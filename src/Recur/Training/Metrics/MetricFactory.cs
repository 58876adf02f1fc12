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
    public static IMetric FromName(string name, int ignoreIndex) => name switch
    {
        "accuracy" or "acc" => new Accuracy(ignoreIndex: ignoreIndex),
        "perplexity" => new Perplexity(ignoreIndex),
        "rmse" => new Rmse(),
        "mae" => new Mae(),
        _ when name.StartsWith("top", StringComparison.Ordinal) && name.EndsWith("_accuracy", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(3, name.Length - 3 - "_accuracy".Length), out int k) && k > 0 => new Accuracy(k, ignoreIndex),
        _ => throw new ArgumentException($"Unknown metric '{name}'; use accuracy, top5_accuracy (any k), perplexity, rmse or mae."),
    };
}
