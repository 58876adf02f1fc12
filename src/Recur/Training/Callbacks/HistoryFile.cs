// HistoryFile: writes the history after every epoch as CSV (.csv) or JSON (anything else), atomically.
namespace Recur.Training;

/// <summary>Keeps a CSV or JSON file of the per-epoch logs up to date.</summary>
public sealed class HistoryFile : Callback
{
    /// <summary>Writes to <paramref name="path"/>; the extension .csv selects CSV, otherwise JSON.</summary>
    public HistoryFile(string path) => Path = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        string text = Path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? context.History.ToCsv() : context.History.ToJson();
        string tmp = Path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, Path, overwrite: true);
    }
}
