// SafeTensorsFile: the contents of a safetensors file as read by SafeTensors.Read: named arrays in header
// order plus the optional __metadata__ string map. Lookup by name; a missing name lists the ones present.
namespace Recur.IO;

/// <summary>The named arrays and string metadata of a safetensors file.</summary>
public sealed class SafeTensorsFile
{
    private readonly Dictionary<string, NdArray> _byName;

    internal SafeTensorsFile(List<KeyValuePair<string, NdArray>> tensors, Dictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
        _byName = new Dictionary<string, NdArray>(StringComparer.Ordinal);
        foreach (var (name, array) in tensors)
            _byName.Add(name, array);
    }

    /// <summary>The arrays in the order their entries appear in the header.</summary>
    public IReadOnlyList<KeyValuePair<string, NdArray>> Tensors { get; }

    /// <summary>The <c>__metadata__</c> map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor names, in header order.</summary>
    public IEnumerable<string> Names => Tensors.Select(t => t.Key);

    /// <summary>The number of tensors.</summary>
    public int Count => Tensors.Count;

    /// <summary>The array named <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> listing the names present.</summary>
    public NdArray this[string name] => _byName.TryGetValue(name, out var a)
        ? a
        : throw new KeyNotFoundException($"No tensor named '{name}'; the file has: {string.Join(", ", Names)}.");

    /// <summary>Looks up an array by name.</summary>
    public bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out NdArray array) =>
        _byName.TryGetValue(name, out array);
}
