// PlainProgress: line-based progress for logs and redirected output: one line every few seconds within
// an epoch and one line per finished epoch, with loss, metrics, throughput and ETA.
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Recur.Training;

/// <summary>Writes training progress as plain text lines.</summary>
public sealed class PlainProgress : IProgressReporter
{
    private readonly TextWriter _writer;
    private readonly double _intervalSeconds;
    private readonly Stopwatch _sinceLine = new();
    private int _epoch, _epochs;

    /// <summary>Writes to <paramref name="writer"/>, at most one in-epoch line per <paramref name="intervalSeconds"/>.</summary>
    public PlainProgress(TextWriter writer, double intervalSeconds = 5)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _intervalSeconds = intervalSeconds;
    }

    /// <inheritdoc/>
    public void EpochStarted(int epoch, int epochs, int? batches)
    {
        (_epoch, _epochs) = (epoch, epochs);
        _sinceLine.Restart();
    }

    /// <inheritdoc/>
    public void BatchEnded(int batch, IReadOnlyDictionary<string, double> running, double samplesPerSecond, TimeSpan? eta)
    {
        if (_sinceLine.Elapsed.TotalSeconds < _intervalSeconds) return;
        _sinceLine.Restart();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"epoch {EpochText(_epoch, _epochs)}  batch {batch + 1}  ");
        Append(sb, running);
        sb.Append(CultureInfo.InvariantCulture, $"  {samplesPerSecond:0} samples/s");
        if (eta is { } e) sb.Append(CultureInfo.InvariantCulture, $"  ETA {Format(e)}");
        _writer.WriteLine(sb.ToString());
    }

    /// <inheritdoc/>
    public void EpochEnded(int epoch, IReadOnlyDictionary<string, double> logs, TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"epoch {EpochText(epoch, _epochs)}  ");
        Append(sb, logs);
        sb.Append(CultureInfo.InvariantCulture, $"  {Format(elapsed)}");
        _writer.WriteLine(sb.ToString());
    }

    /// <inheritdoc/>
    public void Finished(string? reason)
    {
        if (reason != null) _writer.WriteLine(reason);
    }

    /// <summary>Appends "name value" pairs separated by two spaces.</summary>
    public static void Append(StringBuilder sb, IReadOnlyDictionary<string, double> figures)
    {
        bool first = true;
        foreach (var (k, v) in figures)
        {
            if (!first) sb.Append("  ");
            first = false;
            // A learning rate below 1e-4 (a decayed schedule's floor) would read 0.0000: it is shown as 5E-05.
            string format = Math.Abs(v) >= 100 ? "0.0" : k == "lr" && v != 0 && Math.Abs(v) < 1e-4 ? "0.###E+00" : "0.0000";
            sb.Append(k).Append(' ').Append(v.ToString(format, CultureInfo.InvariantCulture));
        }
    }

    internal static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    /// <summary>"3/10" for epoch index 2 of 10, or "3" when the total is not known (0: the run is bounded by time).</summary>
    public static string EpochText(int epoch, int epochs) =>
        epochs > 0 ? string.Create(CultureInfo.InvariantCulture, $"{epoch + 1}/{epochs}") : (epoch + 1).ToString(CultureInfo.InvariantCulture);
}
