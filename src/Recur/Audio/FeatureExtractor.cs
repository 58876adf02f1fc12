// FeatureExtractor: audio -> features [T, D]: resample to the options' rate, power spectra
// (Spectrogram), log mel energies (MelFilterbank), optionally MFCCs (Mfcc), then deltas of the chosen
// order appended (Deltas). Columns are [static | delta | delta-delta]. Thread-safe after construction.
using Recur.Tensors;

namespace Recur.Audio;

/// <summary>Turns audio into a feature sequence with fixed <see cref="FeatureOptions"/>.</summary>
public sealed class FeatureExtractor
{
    private readonly MelFilterbank _mel;

    /// <summary>
    /// Creates the extractor (validates the options; a mel band that covers no FFT bin is refused unless
    /// <paramref name="allowEmptyBands"/>, see <see cref="MelFilterbank"/>).
    /// </summary>
    public FeatureExtractor(FeatureOptions options, bool allowEmptyBands = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _mel = new MelFilterbank(options.SampleRate, options.FftSize, options.MelBins, options.LowHz, options.HighHz ?? options.SampleRate / 2.0,
            allowEmptyBands);
    }

    /// <summary>The settings.</summary>
    public FeatureOptions Options { get; }

    /// <summary>D: features per frame.</summary>
    public int Dimension => Options.Dimension;

    /// <summary>Features of mono samples at <paramref name="sampleRate"/> Hz: [T, D] row-major, with T.</summary>
    public (float[] Features, int Frames) Compute(ReadOnlySpan<float> samples, int sampleRate)
    {
        var o = Options;
        float[] x = sampleRate == o.SampleRate ? samples.ToArray() : Resampler.Resample(samples, sampleRate, o.SampleRate);
        var power = Spectrogram.Power(x, o.FrameLength, o.HopLength, o.FftSize);
        var logMel = _mel.LogEnergies(power);
        int baseDims = o.Mfcc > 0 ? o.Mfcc : o.MelBins;
        var statics = o.Mfcc > 0 ? Mfcc.FromLogMel(logMel, o.MelBins, o.Mfcc) : logMel;
        int frames = statics.Length / baseDims;
        if (o.DeltaOrder == 0) return (statics, frames);
        var blocks = new List<float[]> { statics };
        var d = Deltas.Compute(statics, baseDims, o.DeltaWindow);
        blocks.Add(d);
        if (o.DeltaOrder == 2) blocks.Add(Deltas.Compute(d, baseDims, o.DeltaWindow));
        int dims = baseDims * blocks.Count;
        var features = new float[frames * dims];
        for (int t = 0; t < frames; t++)
            for (int b = 0; b < blocks.Count; b++)
                blocks[b].AsSpan(t * baseDims, baseDims).CopyTo(features.AsSpan(t * dims + b * baseDims, baseDims));
        return (features, frames);
    }

    /// <summary>Features of decoded audio (channels averaged): a tensor [T, D].</summary>
    public Tensor Compute(WavAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var (f, frames) = Compute(audio.Mono(), audio.SampleRate);
        return Tensor.FromArray(f, frames, Dimension);
    }
}
