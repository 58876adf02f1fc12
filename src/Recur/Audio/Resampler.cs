// Resampler: band-limited sample-rate conversion by windowed-sinc interpolation (J. O. Smith, "Digital
// Audio Resampling"): y[n] = sum_k x[k] h(t_n - k), t_n = n * from / to, with h(x) = c sinc(c x) w(x),
// c = min(1, to / from) the cut-off (relative to the input's Nyquist; below 1 it low-passes before
// decimating) and w a Hann window spanning ZeroCrossings / c input samples on each side.
namespace Recur.Audio;

/// <summary>Changes the sample rate of a mono signal.</summary>
public static class Resampler
{
    /// <summary>Zero crossings of the sinc kept on each side of the centre (quality vs cost).</summary>
    public const int ZeroCrossings = 16;

    /// <summary>
    /// <paramref name="samples"/> at <paramref name="fromRate"/> Hz -> the same signal at <paramref name="toRate"/> Hz,
    /// ceil(length * to / from) samples. Equal rates return a copy.
    /// </summary>
    public static float[] Resample(ReadOnlySpan<float> samples, int fromRate, int toRate)
    {
        if (fromRate <= 0 || toRate <= 0)
            throw new ArgumentException($"Resample: sample rates must be positive, got {fromRate} Hz -> {toRate} Hz.");
        if (fromRate == toRate) return samples.ToArray();
        long longLength = ((long)samples.Length * toRate + fromRate - 1) / fromRate;
        if (longLength > Array.MaxLength)
            throw new ArgumentException(
                $"Resample: {samples.Length} samples at {fromRate} Hz would become {longLength} samples at {toRate} Hz, more than an array holds; is the input's sample rate right?");
        int outLength = (int)longLength;
        var y = new float[outLength];
        double cutoff = Math.Min(1.0, (double)toRate / fromRate);
        double halfWidth = ZeroCrossings / cutoff;
        for (int n = 0; n < outLength; n++)
        {
            double t = (double)n * fromRate / toRate;
            int first = Math.Max(0, (int)Math.Ceiling(t - halfWidth));
            int last = Math.Min(samples.Length - 1, (int)Math.Floor(t + halfWidth));
            double sum = 0;
            for (int k = first; k <= last; k++)
                sum += samples[k] * Kernel(t - k, cutoff, halfWidth);
            y[n] = (float)sum;
        }
        return y;
    }

    private static double Kernel(double x, double cutoff, double halfWidth)
    {
        if (Math.Abs(x) >= halfWidth) return 0;
        double window = 0.5 + 0.5 * Math.Cos(Math.PI * x / halfWidth);
        double arg = Math.PI * cutoff * x;
        double sinc = Math.Abs(arg) < 1e-12 ? 1.0 : Math.Sin(arg) / arg;
        return cutoff * sinc * window;
    }
}
