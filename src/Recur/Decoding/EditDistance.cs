// EditDistance: the Levenshtein distance (substitutions, insertions, deletions, each cost 1) between a
// hypothesis and a reference, the numerator of character / word error rates. Two-row dynamic program.
namespace Recur.Decoding;

/// <summary>Levenshtein distance.</summary>
public static class EditDistance
{
    /// <summary>The minimum number of edits turning <paramref name="hypothesis"/> into <paramref name="reference"/>.</summary>
    public static int Compute<T>(ReadOnlySpan<T> hypothesis, ReadOnlySpan<T> reference) where T : IEquatable<T>
    {
        var previous = new int[reference.Length + 1];
        var current = new int[reference.Length + 1];
        for (int j = 0; j <= reference.Length; j++) previous[j] = j;
        for (int i = 1; i <= hypothesis.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= reference.Length; j++)
            {
                int substitute = previous[j - 1] + (hypothesis[i - 1].Equals(reference[j - 1]) ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[reference.Length];
    }
}
