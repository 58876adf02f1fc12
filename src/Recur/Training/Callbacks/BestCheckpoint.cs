// BestCheckpoint: saves the parameters (a safetensors state_dict, atomically) whenever the monitored
// figure improves (Keras' ModelCheckpoint with save_best_only).
using Recur.IO;

namespace Recur.Training;

/// <summary>Writes the model's parameters when the monitored figure reaches a new best.</summary>
public sealed class BestCheckpoint : Callback
{
    private readonly bool _max;
    private readonly Action<string>? _save;

    /// <summary>Saves to <paramref name="path"/>; <paramref name="save"/> replaces the default state_dict writer.</summary>
    public BestCheckpoint(string path, string monitor = "val_loss", string mode = "auto", Action<string>? save = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(monitor);
        (Path, Monitor, _save) = (path, monitor, save);
        _max = MonitorMode.Maximize(monitor, mode);
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>The figure watched.</summary>
    public string Monitor { get; }

    /// <summary>The best value so far.</summary>
    public double Best { get; private set; }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double value = MonitorMode.Get(logs, Monitor);
        if (!(_max ? value > Best : value < Best)) return;
        Best = value;
        if (_save != null) _save(Path);
        else SafeTensors.Write(Path, context.Parameters.Select(p => new KeyValuePair<string, NdArray>(p.Key, NdArray.FromTensor(p.Value))),
            new Dictionary<string, string> { ["format"] = "pt", ["recur.best"] = $"{Monitor}={value:R} at epoch {epoch + 1}" });
    }
}
