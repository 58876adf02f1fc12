// Spectrogram: framing and the power spectrum. Frame t covers samples [t*hop, t*hop + frame); frames
// are 1 + (N - frame) / hop (one zero-padded frame when N < frame), multiplied by a periodic Hann
// window w[n] = 0.5 - 0.5 cos(2 pi n / frame), zero-padded to the FFT size F and transformed with
// MathNet.Numerics' real FFT; the result is |X_k|^2 for k = 0..F/2 (no scaling).
using MathNet.Numerics.IntegralTransforms;

namespace Recur.Audio;

/// <summary>Short-time power spectra.</summary>
public static class Spectrogram
{
    /// <summary>The number of frames of a signal of <paramref name="samples"/> samples.</summary>
    public static int FrameCount(int samples, int frameLength, int hop) =>
        samples <= frameLength ? 1 : 1 + (samples - frameLength) / hop;

    /// <summary>The periodic Hann window of <paramref name="length"/> samples.</summary>
    public static float[] HannWindow(int length)
    {
        var w = new float[length];
        for (int n = 0; n < length; n++) w[n] = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * n / length));
        return w;
    }

    /// <summary>
    /// Power spectra of the frames of <paramref name="samples"/>: [T, F/2 + 1] row-major, T = <see cref="FrameCount"/>.
    /// <paramref name="fftSize"/> must be even and at least <paramref name="frameLength"/>.
    /// </summary>
    public static float[] Power(ReadOnlySpan<float> samples, int frameLength, int hop, int fftSize)
    {
        if (frameLength < 1 || hop < 1 || fftSize < frameLength || fftSize % 2 != 0)
            throw new ArgumentException($"Spectrogram: invalid frame {frameLength}, hop {hop}, FFT size {fftSize} (even, >= frame).");
        int frames = FrameCount(samples.Length, frameLength, hop);
        int bins = fftSize / 2 + 1;
        var window = HannWindow(frameLength);
        var power = new float[frames * bins];
        var buffer = new double[fftSize + 2];
        for (int t = 0; t < frames; t++)
        {
            Array.Clear(buffer);
            int start = t * hop;
            int n = Math.Min(frameLength, samples.Length - start);
            for (int i = 0; i < n; i++) buffer[i] = samples[start + i] * (double)window[i];
            Fourier.ForwardReal(buffer, fftSize, FourierOptions.NoScaling);
            var row = power.AsSpan(t * bins, bins);
            for (int k = 0; k < bins; k++)
            {
                double re = buffer[2 * k], im = buffer[2 * k + 1];
                row[k] = (float)(re * re + im * im);
            }
        }
        return power;
    }
}
