// Counted: a count and its noun, singular for exactly one ("1 epoch", "2 epochs", "0 epochs"), for the
// summaries and messages that report counts which are often 1 (short runs, patience 1, one pair).
using System.Globalization;

namespace Recur.Text;

/// <summary>Formats a count with its noun in the right number.</summary>
public static class Counted
{
    /// <summary>
    /// "1 epoch" or "<paramref name="count"/> epochs": the singular only for exactly one, the plural (default:
    /// the singular plus "s") otherwise. <paramref name="format"/> formats the number (invariant culture).
    /// </summary>
    public static string Of(long count, string singular, string? plural = null, string? format = null) =>
        count.ToString(format, CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");
}
