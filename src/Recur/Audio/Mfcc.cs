// Mfcc: mel-frequency cepstral coefficients = the orthonormal DCT-II of the log mel energies, first K
// kept: c_k = s_k sum_{m<M} x_m cos(pi k (2m + 1) / (2M)), s_0 = sqrt(1/M), s_k = sqrt(2/M) (scipy's
// dct(type=2, norm='ortho')). No liftering.
namespace Recur.Audio;

/// <summary>MFCCs from log mel energies.</summary>
public static class Mfcc
{
    /// <summary>The DCT matrix [K, M] (row k holds s_k cos(pi k (2m+1) / 2M)).</summary>
    public static float[] DctMatrix(int coefficients, int bands)
    {
        if (coefficients < 1 || coefficients > bands)
            throw new ArgumentException($"Mfcc: need 1 <= coefficients ({coefficients}) <= bands ({bands}).");
        var d = new float[coefficients * bands];
        for (int k = 0; k < coefficients; k++)
        {
            double s = Math.Sqrt((k == 0 ? 1.0 : 2.0) / bands);
            for (int m = 0; m < bands; m++)
                d[k * bands + m] = (float)(s * Math.Cos(Math.PI * k * (2 * m + 1) / (2.0 * bands)));
        }
        return d;
    }

    /// <summary>log-mel [T, M] -> MFCC [T, K] (row-major).</summary>
    public static float[] FromLogMel(ReadOnlySpan<float> logMel, int bands, int coefficients)
    {
        if (bands < 1 || logMel.Length % bands != 0)
            throw new ArgumentException($"Mfcc: {logMel.Length} values are not whole frames of {bands} bands.");
        var dct = DctMatrix(coefficients, bands);
        int frames = logMel.Length / bands;
        var c = new float[frames * coefficients];
        for (int t = 0; t < frames; t++)
            for (int k = 0; k < coefficients; k++)
                c[t * coefficients + k] = TensorPrimitives.Dot(logMel.Slice(t * bands, bands), dct.AsSpan(k * bands, bands));
        return c;
    }
}
