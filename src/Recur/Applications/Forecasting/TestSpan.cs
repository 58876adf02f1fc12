// TestSpan: how much of the end of a series is held out for testing: a fraction of the values (0.33:
// the train span is the first floor(0.67 N), Brownlee's split of the airline series) or a count (7: the
// last 7 values). The split is chronological: everything before the test span is the training span.
using System.Globalization;

namespace Recur.Applications.Forecasting;

/// <summary>The held-out end of a series: <see cref="Fraction"/> of it, or the last <see cref="Count"/> values.</summary>
/// <param name="Fraction">A fraction in (0, 1), or 0 when <paramref name="Count"/> is used.</param>
/// <param name="Count">A number of values, or 0 when <paramref name="Fraction"/> is used.</param>
public sealed record TestSpan(double Fraction, int Count)
{
    /// <summary>Parses "0.33" (a fraction in (0, 1)) or "7" (a count of values).</summary>
    public static TestSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) && count >= 1)
            return new TestSpan(0, count);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f > 0 && f < 1)
            return new TestSpan(f, 0);
        throw new ArgumentException($"--test '{text}' is neither a fraction in (0, 1) (e.g. 0.33) nor a number of values (e.g. 7).");
    }

    /// <summary>The index of the first test value in a series of <paramref name="length"/> values (= the training span's length).</summary>
    /// <remarks>A fraction's span is floored after a tolerance for binary rounding: 0.3 of 90 trains on 63 values (0.7 × 90 is 62.99999… in doubles).</remarks>
    public int TrainLength(int length) => Count > 0 ? length - Count : (int)Math.Floor(length * (1 - Fraction) + 1e-9);

    /// <summary>"0.33" or "7", as parsed.</summary>
    public override string ToString() => Count > 0
        ? Count.ToString(CultureInfo.InvariantCulture)
        : Fraction.ToString("0.####", CultureInfo.InvariantCulture);
}
