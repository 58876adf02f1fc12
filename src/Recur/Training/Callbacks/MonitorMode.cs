// MonitorMode: whether a monitored figure improves by going down (losses) or up (accuracy), with Keras'
// "auto" rule: names containing "acc" go up, everything else down.
namespace Recur.Training;

internal static class MonitorMode
{
    /// <summary>True when larger values are better for <paramref name="monitor"/> under <paramref name="mode"/>.</summary>
    internal static bool Maximize(string monitor, string mode) => mode switch
    {
        "max" => true,
        "min" => false,
        "auto" => monitor.Contains("acc", StringComparison.Ordinal),
        _ => throw new ArgumentException($"mode must be min, max or auto, got '{mode}'."),
    };

    internal static double Get(IReadOnlyDictionary<string, double> logs, string monitor) =>
        logs.TryGetValue(monitor, out var v) ? v
            : throw new InvalidOperationException($"The monitored figure '{monitor}' is not in the logs; available: {string.Join(", ", logs.Keys)}.");
}
