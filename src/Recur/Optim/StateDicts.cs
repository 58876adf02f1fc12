// StateDicts: checks a state dictionary handed to LoadStateDict against the one its owner would save
// (same names, dtypes and shapes), and reads one-element entries. Every problem is named in one
// ArgumentException, so a checkpoint from a different model or optimizer fails loudly, never half-loads.
using System.Text;
using Recur.IO;

namespace Recur.Optim;

/// <summary>Validation and scalar helpers shared by <see cref="Optimizer"/> and <see cref="LrScheduler"/> state dictionaries.</summary>
internal static class StateDicts
{
    /// <summary>Throws an ArgumentException listing missing, unexpected and mis-shaped entries of <paramref name="given"/>.</summary>
    public static void Validate(string owner, Dictionary<string, NdArray> expected, IReadOnlyDictionary<string, NdArray> given)
    {
        ArgumentNullException.ThrowIfNull(given);
        var missing = new List<string>();
        var wrong = new List<string>();
        foreach (var (name, want) in expected)
        {
            if (!given.TryGetValue(name, out var got)) { missing.Add(name); continue; }
            if (got.DType != want.DType || !got.Shape.SequenceEqual(want.Shape))
                wrong.Add($"{name} (expected {want}, got {got})");
        }
        var unexpected = new List<string>();
        foreach (var name in given.Keys)
            if (!expected.ContainsKey(name)) unexpected.Add(name);
        if (missing.Count == 0 && wrong.Count == 0 && unexpected.Count == 0) return;
        var sb = new StringBuilder($"Error(s) in loading state_dict for {owner}:");
        if (missing.Count > 0) sb.Append(" Missing key(s): ").AppendJoin(", ", missing).Append('.');
        if (unexpected.Count > 0) sb.Append(" Unexpected key(s): ").AppendJoin(", ", unexpected).Append('.');
        if (wrong.Count > 0) sb.Append(" Wrong dtype or shape: ").AppendJoin(", ", wrong).Append('.');
        throw new ArgumentException(sb.ToString(), "state");
    }

    public static NdArray Scalar(long value) => NdArray.FromInt64([value], [1]);

    public static NdArray Scalar(float value) => NdArray.FromFloat32([value], [1]);

    public static NdArray Scalar(double value) => NdArray.FromFloat64([value], [1]);
}
