// MelFilterbank: triangular filters equally spaced on the HTK mel scale, mel(f) = 2595 log10(1 + f/700)
// (Young et al., The HTK Book). M + 2 edge frequencies are equally spaced in mel between low and high;
// filter m rises linearly from edge m to edge m+1 and falls to edge m+2, evaluated at the FFT bin
// frequencies k * rate / F, peak 1, no area normalisation (torchaudio's melscale_fbanks, norm=None, htk).
namespace Recur.Audio;

/// <summary>A mel filterbank: weights [M, F/2 + 1] applied to power spectra.</summary>
public sealed class MelFilterbank
{
    private readonly float[] _weights;

    /// <summary>
    /// Builds <paramref name="bands"/> filters for spectra of an <paramref name="fftSize"/>-point FFT at
    /// <paramref name="sampleRate"/> Hz. A band that covers no FFT bin is refused unless
    /// <paramref name="allowEmptyBands"/> (for models saved before that check, whose networks were trained with it).
    /// </summary>
    public MelFilterbank(int sampleRate, int fftSize, int bands, double lowHz, double highHz, bool allowEmptyBands = false)
    {
        if (bands < 1 || fftSize < 2 || !(lowHz >= 0 && lowHz < highHz && highHz <= sampleRate / 2.0))
            throw new ArgumentException($"MelFilterbank: invalid settings ({bands} bands, FFT {fftSize}, {lowHz}..{highHz} Hz at {sampleRate} Hz).");
        (Bands, Bins) = (bands, fftSize / 2 + 1);
        double lowMel = HzToMel(lowHz), highMel = HzToMel(highHz);
        var edges = new double[bands + 2];
        for (int i = 0; i < edges.Length; i++) edges[i] = MelToHz(lowMel + (highMel - lowMel) * i / (bands + 1));
        _weights = new float[bands * Bins];
        for (int m = 0; m < bands; m++)
        {
            double left = edges[m], centre = edges[m + 1], right = edges[m + 2];
            for (int k = 0; k < Bins; k++)
            {
                double f = (double)k * sampleRate / fftSize;
                double up = (f - left) / (centre - left), down = (right - f) / (right - centre);
                _weights[m * Bins + k] = (float)Math.Max(0, Math.Min(up, down));
            }
            // A band narrower than the bin spacing can fall between two bins: its feature would be the log floor
            // in every frame (torchaudio warns, Kaldi refuses). Refused here, naming the fix.
            if (!allowEmptyBands && _weights.AsSpan(m * Bins, Bins).IndexOfAnyExcept(0f) < 0)
                throw new ArgumentException(
                    $"MelFilterbank: mel band {m} ({left:0.#}..{right:0.#} Hz) covers no FFT bin: {bands} bands are too narrow for an " +
                    $"{fftSize}-point FFT at {sampleRate} Hz (bins {(double)sampleRate / fftSize:0.##} Hz apart); use fewer mel bins, a longer frame or a wider frequency range.");
        }
    }

    /// <summary>M: number of filters.</summary>
    public int Bands { get; }

    /// <summary>F/2 + 1: spectrum bins per frame.</summary>
    public int Bins { get; }

    /// <summary>The weights [M, F/2 + 1], row-major.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>HTK mel of a frequency in Hz.</summary>
    public static double HzToMel(double hz) => 2595.0 * Math.Log10(1.0 + hz / 700.0);

    /// <summary>Inverse of <see cref="HzToMel"/>.</summary>
    public static double MelToHz(double mel) => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);

    /// <summary>
    /// Log mel energies ln(max(W p, floor)): power [T, F/2 + 1] -> [T, M] (row-major).
    /// </summary>
    public float[] LogEnergies(ReadOnlySpan<float> power, float floor = 1e-10f)
    {
        if (power.Length % Bins != 0)
            throw new ArgumentException($"MelFilterbank: {power.Length} values are not whole frames of {Bins} bins.");
        int frames = power.Length / Bins;
        var result = new float[frames * Bands];
        for (int t = 0; t < frames; t++)
        {
            var p = power.Slice(t * Bins, Bins);
            for (int m = 0; m < Bands; m++)
            {
                float e = TensorPrimitives.Dot(p, _weights.AsSpan(m * Bins, Bins));
                result[t * Bands + m] = MathF.Log(MathF.Max(e, floor));
            }
        }
        return result;
    }
}
