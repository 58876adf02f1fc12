// IProgressReporter: how a training loop shows progress. The library's PlainProgress writes lines (for
// logs and redirected output); the CLI supplies a Spectre.Console progress bar on a terminal.
namespace Recur.Training;

/// <summary>Receives progress events from <see cref="Trainer"/>.</summary>
public interface IProgressReporter
{
    /// <summary>An epoch starts; <paramref name="batches"/> is null when unknown.</summary>
    void EpochStarted(int epoch, int epochs, int? batches);

    /// <summary>A batch ended with running figures for the epoch so far.</summary>
    void BatchEnded(int batch, IReadOnlyDictionary<string, double> running, double samplesPerSecond, TimeSpan? eta);

    /// <summary>An epoch ended with its final figures.</summary>
    void EpochEnded(int epoch, IReadOnlyDictionary<string, double> logs, TimeSpan elapsed);

    /// <summary>Training ended (normally or not).</summary>
    void Finished(string? reason);
}
