// MonitorMode: whether a monitored figure improves by going down (losses, errors) or up (accuracy, F1).
// "auto" decides from the name, as Keras 3 decides from the metric: accuracy-like names go up, losses and
// error measures down, and a name it cannot place is refused (Keras raises too) rather than minimised.
namespace Recur.Training;

internal static class MonitorMode
{
    // Figures that improve upwards / downwards, matched on the name without its "val_" prefix: whole names,
    // or the last "_"-separated part ("top5_accuracy", "macro_f1", "char_error_rate" ends in "rate", so
    // error measures are listed by their own names too).
    private static readonly string[] Up = ["accuracy", "acc", "auc", "f1", "fbeta", "precision", "recall", "bleu", "r2", "iou"];
    private static readonly string[] Down =
        ["loss", "mse", "mae", "rmse", "msle", "perplexity", "ppl", "bpc", "nats", "cer", "wer", "ser", "der", "mape", "smape", "mase", "error", "err", "nll"];

    /// <summary>True when larger values are better for <paramref name="monitor"/> under <paramref name="mode"/>.</summary>
    internal static bool Maximize(string monitor, string mode) => mode switch
    {
        "max" => true,
        "min" => false,
        "auto" => Direction(monitor) ?? throw new ArgumentException(
            $"mode \"auto\" cannot tell whether '{monitor}' improves upwards or downwards; pass mode: \"max\" (higher is better) or \"min\" (lower is better)."),
        _ => throw new ArgumentException($"mode must be min, max or auto, got '{mode}'."),
    };

    /// <summary>True when the name is a figure that improves upwards, false downwards, null when unknown.</summary>
    internal static bool? Direction(string monitor)
    {
        string name = monitor.StartsWith("val_", StringComparison.Ordinal) ? monitor[4..] : monitor;
        name = name.ToLowerInvariant();
        string last = name[(name.LastIndexOf('_') + 1)..];
        if (name.Contains("loss", StringComparison.Ordinal) || name.Contains("error", StringComparison.Ordinal)
            || name.Contains("wrong", StringComparison.Ordinal)) return false; // val_wrong_fraction (the adding task)
        if (name.Contains("acc", StringComparison.Ordinal)) return true;
        if (Array.IndexOf(Up, name) >= 0 || Array.IndexOf(Up, last) >= 0) return true;
        if (Array.IndexOf(Down, name) >= 0 || Array.IndexOf(Down, last) >= 0) return false;
        return null;
    }

    internal static double Get(IReadOnlyDictionary<string, double> logs, string monitor) =>
        logs.TryGetValue(monitor, out var v) ? v
            : throw new InvalidOperationException($"The monitored figure '{monitor}' is not in the logs; available: {string.Join(", ", logs.Keys)}.");
}
