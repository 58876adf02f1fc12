// SeriesTransform: what the network sees instead of the raw series y: optionally the log, then d-th
// differences, then standardised with the mean and standard deviation of the training span only
// (z = (Δ^d f(y) - mean) / std, f = ln or identity). Forecasts come back by the inverse: un-standardise,
// integrate d times from the last observed levels, exponentiate. A trending series such as the airline
// passengers becomes roughly stationary under log + one difference (Box & Jenkins 1976, ch. 9).
namespace Recur.Applications.Forecasting;

/// <summary>The invertible map from a series to the network's input scale (all in double precision).</summary>
/// <param name="Log">Take the natural log first (needs positive values).</param>
/// <param name="Difference">d, how many times to difference (0, 1 or 2).</param>
/// <param name="Mean">Mean of the differenced training span.</param>
/// <param name="Std">Standard deviation of the differenced training span (1 when it is 0).</param>
public sealed record SeriesTransform(bool Log, int Difference, double Mean, double Std)
{
    /// <summary>Fits mean and std on <paramref name="training"/> (the training span only, never the test span).</summary>
    public static SeriesTransform Fit(ReadOnlySpan<double> training, bool log, int difference, string source = "the series")
    {
        if (difference is < 0 or > 2) throw new ArgumentException($"--difference must be 0, 1 or 2, got {difference}.");
        var z = Differenced(training, log, difference, source);
        if (z.Length == 0) throw new ArgumentException($"{source}: {training.Length} training values leave nothing after {difference} difference(s).");
        double mean = 0;
        foreach (var v in z) mean += v;
        mean /= z.Length;
        double sq = 0;
        foreach (var v in z) sq += (v - mean) * (v - mean);
        double std = Math.Sqrt(sq / z.Length);
        // Values near double's limit (1e308 and -1e308) give an infinite spread: every standardised value
        // would be 0 and the network would train on nothing.
        if (!double.IsFinite(mean) || !double.IsFinite(std))
            throw new ArgumentException($"{source}: the training values are too large to standardise (their spread overflows); rescale the series first.");
        return new SeriesTransform(log, difference, mean, std > 1e-12 ? std : 1);
    }

    /// <summary>z for the whole of <paramref name="y"/> [N]: [N - d] values, z[i] belongs to y[i + d].</summary>
    public double[] Apply(ReadOnlySpan<double> y, string source = "the series")
    {
        var z = Differenced(y, Log, Difference, source);
        for (int i = 0; i < z.Length; i++) z[i] = (z[i] - Mean) / Std;
        return z;
    }

    /// <summary>
    /// Turns network outputs <paramref name="z"/> [H] for the steps after <paramref name="history"/>'s last
    /// value back into series values [H], integrating from the last observed levels.
    /// </summary>
    public double[] Invert(ReadOnlySpan<double> history, ReadOnlySpan<float> z)
    {
        if (history.Length < Difference + 1) throw new ArgumentException($"Inverting {Difference} difference(s) needs {Difference + 1} past values.");
        var current = new double[z.Length];
        for (int h = 0; h < z.Length; h++) current[h] = z[h] * Std + Mean;
        // last[k] = the k-th difference of f(y) at the last observed step, k = 0..d-1.
        var tail = new double[Difference + 1];
        for (int k = 0; k <= Difference; k++) tail[k] = Level(history[history.Length - 1 - Difference + k]);
        var last = new double[Difference];
        for (int k = 0; k < Difference; k++) last[k] = EndDifference(tail, k);
        for (int k = Difference - 1; k >= 0; k--)
        {
            double level = last[k];
            for (int h = 0; h < current.Length; h++)
            {
                level += current[h];
                current[h] = level;
            }
        }
        if (Log)
            for (int h = 0; h < current.Length; h++) current[h] = Math.Exp(current[h]);
        return current;
    }

    private double Level(double y) => Log ? Math.Log(y) : y;

    /// <summary>The k-th difference at the last entry of <paramref name="tail"/> (k &lt; tail length).</summary>
    private static double EndDifference(double[] tail, int k)
    {
        var work = (double[])tail.Clone();
        int n = work.Length;
        for (int order = 0; order < k; order++)
            for (int i = n - 1; i > order; i--) work[i] -= work[i - 1];
        return work[n - 1];
    }

    private static double[] Differenced(ReadOnlySpan<double> y, bool log, int difference, string source)
    {
        var level = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            if (log && y[i] <= 0)
                throw new InvalidDataException($"{source}: value {i + 1} is {y[i]}, but a log transform (--log) needs every value to be positive (train without --log, or shift the series).");
            level[i] = log ? Math.Log(y[i]) : y[i];
        }
        int n = level.Length;
        for (int order = 0; order < difference; order++)
        {
            for (int i = n - 1; i > order; i--) level[i] -= level[i - 1];
        }
        return difference >= n ? [] : level.AsSpan(difference).ToArray();
    }
}
