// BestCheckpoint: saves the parameters (a safetensors state_dict, atomically) whenever the monitored
// figure improves (Keras' ModelCheckpoint with save_best_only). A run resumed from a training checkpoint
// takes the best value from the file it wrote before, so a worse epoch after the resume does not replace it.
using System.Globalization;
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
    public override void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Resumed (the counters come from a checkpoint): the best so far is the one recorded in our file.
        if (context.Step == 0 || _save != null || !File.Exists(Path)) return;
        try
        {
            if (SafeTensors.ReadHeader(Path).Metadata.TryGetValue("recur.best", out var note) && note.StartsWith(Monitor + "=", StringComparison.Ordinal))
            {
                string value = note[(Monitor.Length + 1)..].Split(' ')[0];
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double best) && !double.IsNaN(best))
                    Best = best;
            }
        }
        catch (InvalidDataException)
        {
            // Not a file of ours (or damaged): it will be replaced by the first improvement, as before.
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double value = MonitorMode.Get(logs, Monitor);
        if (!(_max ? value > Best : value < Best)) return;
        Best = value;
        if (_save != null) _save(Path);
        else SafeTensors.Write(Path, context.StateDict.Select(p => new KeyValuePair<string, NdArray>(p.Key, NdArray.FromTensor(p.Value))),
            new Dictionary<string, string> { ["format"] = "pt", ["recur.best"] = string.Create(CultureInfo.InvariantCulture, $"{Monitor}={value:R} at epoch {epoch + 1}") });
    }
}
