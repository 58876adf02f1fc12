// History: the per-epoch logs of a training run (loss, val_loss, metrics, lr), Keras' History object.
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Recur.Training;

/// <summary>One dictionary of figures per finished epoch.</summary>
public sealed class History
{
    private readonly List<IReadOnlyDictionary<string, double>> _epochs = [];

    /// <summary>The logs of each epoch, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Epochs => _epochs;

    /// <summary>
    /// The values of one key over the epochs (NaN in an epoch that lacks it). A key that no epoch logged is a
    /// <see cref="KeyNotFoundException"/> naming the keys there are, as Keras' history dictionary refuses one.
    /// </summary>
    public double[] this[string key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            if (_epochs.Count > 0 && !_epochs.Any(e => e.ContainsKey(key)))
                throw new KeyNotFoundException(
                    $"History: no epoch logged '{key}'; the keys are {string.Join(", ", _epochs.SelectMany(e => e.Keys).Distinct())}.");
            return _epochs.Select(e => e.TryGetValue(key, out var v) ? v : double.NaN).ToArray();
        }
    }

    internal void Add(IReadOnlyDictionary<string, double> logs) => _epochs.Add(logs);

    /// <summary>CSV with a header of every key seen ("epoch" first).</summary>
    public string ToCsv()
    {
        var keys = _epochs.SelectMany(e => e.Keys).Distinct().ToList();
        var sb = new StringBuilder("epoch");
        foreach (var k in keys) sb.Append(',').Append(k);
        sb.AppendLine();
        for (int i = 0; i < _epochs.Count; i++)
        {
            sb.Append(i + 1);
            foreach (var k in keys)
                sb.Append(',').Append(_epochs[i].TryGetValue(k, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>JSON: an array of objects, one per epoch.</summary>
    public string ToJson() => JsonSerializer.Serialize(_epochs.Select((e, i) =>
        new Dictionary<string, double>(e.Where(kv => double.IsFinite(kv.Value))) { ["epoch"] = i + 1 }));
}
