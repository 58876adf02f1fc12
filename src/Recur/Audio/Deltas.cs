// Deltas: regression differences over time (The HTK Book, "Delta, Acceleration and Third Differential
// Coefficients"): d_t = sum_{n=1..N} n (c_{t+n} - c_{t-n}) / (2 sum_{n=1..N} n^2), with the first and last
// frames repeated past the edges (as HTK and torchaudio.functional.compute_deltas do).
namespace Recur.Audio;

/// <summary>Delta (and, applied twice, delta-delta) features.</summary>
public static class Deltas
{
    /// <summary>features [T, D] -> deltas [T, D] (row-major) with half-window <paramref name="window"/>.</summary>
    public static float[] Compute(ReadOnlySpan<float> features, int dims, int window = 2)
    {
        if (dims < 1 || features.Length % dims != 0)
            throw new ArgumentException($"Deltas: {features.Length} values are not whole frames of {dims}.");
        if (window < 1) throw new ArgumentException($"Deltas: window must be at least 1, got {window}.");
        int frames = features.Length / dims;
        double denominator = 0;
        for (int n = 1; n <= window; n++) denominator += 2.0 * n * n;
        var d = new float[features.Length];
        for (int t = 0; t < frames; t++)
            for (int j = 0; j < dims; j++)
            {
                double sum = 0;
                for (int n = 1; n <= window; n++)
                {
                    int ahead = Math.Min(t + n, frames - 1), behind = Math.Max(t - n, 0);
                    sum += n * ((double)features[ahead * dims + j] - features[behind * dims + j]);
                }
                d[t * dims + j] = (float)(sum / denominator);
            }
        return d;
    }
}
