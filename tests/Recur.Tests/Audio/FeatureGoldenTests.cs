// Features against numpy (tools/golden/make_audio_fixtures.py -> tests/golden/audio/features.safetensors):
// power spectrum, HTK mel filterbank, log-mel, MFCC and deltas of a chirp + sine, each with its max
// difference in the failure message.
using Recur.Audio;
using Recur.IO;

namespace Recur.Tests.Audio;

public class FeatureGoldenTests
{
    private static readonly Lazy<SafeTensorsFile> Fixture = new(() =>
        SafeTensors.Read(Path.Combine(TestUtil.RepoRoot, "tests", "golden", "audio", "features.safetensors")));

    private static float[] Get(string name) => Fixture.Value[name].AsFloat64().Select(v => (float)v).ToArray();

    private static readonly FeatureOptions Options = new() { SampleRate = 8000, FrameMs = 25, HopMs = 10, MelBins = 40, LowHz = 20, Mfcc = 13, DeltaOrder = 2 };

    [Fact]
    public void Power_spectrum_matches_numpy()
    {
        var power = Spectrogram.Power(Get("signal"), 200, 80, 256);
        TestUtil.AssertClose(Get("power"), power, 1e-3, 1e-4, "power");
    }

    [Fact]
    public void Filterbank_matches_numpy()
    {
        var mel = new MelFilterbank(8000, 256, 40, 20, 4000);
        TestUtil.AssertClose(Get("filterbank"), mel.Weights, 1e-6, 1e-5, "filterbank");
    }

    [Fact]
    public void Log_mel_mfcc_and_deltas_match_numpy()
    {
        var signal = Get("signal");
        var mel = new MelFilterbank(8000, 256, 40, 20, 4000);
        var logMel = mel.LogEnergies(Spectrogram.Power(signal, 200, 80, 256));
        TestUtil.AssertClose(Get("log_mel"), logMel, 1e-4, 1e-4, "log-mel");
        var mfcc = Mfcc.FromLogMel(Get("log_mel"), 40, 13);
        TestUtil.AssertClose(Get("mfcc"), mfcc, 1e-4, 1e-5, "mfcc");
        var d1 = Deltas.Compute(Get("mfcc"), 13);
        TestUtil.AssertClose(Get("delta"), d1, 1e-5, 1e-5, "delta");
        TestUtil.AssertClose(Get("delta_delta"), Deltas.Compute(Get("delta"), 13), 1e-5, 1e-5, "delta-delta");

        // The whole pipeline: [mfcc | delta | delta-delta] per frame.
        var (features, frames) = new FeatureExtractor(Options).Compute(signal, 8000);
        Assert.Equal(28, frames);
        var expected = new float[frames * 39];
        var (m, a, b) = (Get("mfcc"), Get("delta"), Get("delta_delta"));
        for (int t = 0; t < frames; t++)
        {
            m.AsSpan(t * 13, 13).CopyTo(expected.AsSpan(t * 39));
            a.AsSpan(t * 13, 13).CopyTo(expected.AsSpan(t * 39 + 13));
            b.AsSpan(t * 13, 13).CopyTo(expected.AsSpan(t * 39 + 26));
        }
        TestUtil.AssertClose(expected, features, 2e-3, 1e-3, "features");
    }

    [Fact]
    public void Resampled_input_gives_nearly_the_same_features()
    {
        var signal = Get("signal");
        var up = Resampler.Resample(signal, 8000, 16000);
        var (direct, _) = new FeatureExtractor(Options with { DeltaOrder = 0 }).Compute(signal, 8000);
        var (viaUp, _) = new FeatureExtractor(Options with { DeltaOrder = 0 }).Compute(up, 16000);
        Assert.Equal(direct.Length, viaUp.Length);
        // c0 (overall level) of frames away from the edges agrees within a few percent.
        for (int t = 3; t < 25; t++) Assert.InRange(viaUp[t * 13] - direct[t * 13], -0.3f, 0.3f);
    }

    [Fact]
    public void Invalid_options_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new FeatureExtractor(Options with { Mfcc = 50 }));
        Assert.Contains("MFCC", e.Message);
        Assert.Throws<ArgumentException>(() => new FeatureExtractor(Options with { HighHz = 5000 }));
        Assert.Throws<ArgumentException>(() => new FeatureExtractor(Options with { DeltaOrder = 3 }));
    }

    [Fact]
    public void Short_clip_gives_one_zero_padded_frame()
    {
        var (f, frames) = new FeatureExtractor(Options).Compute(new float[50], 8000);
        Assert.Equal(1, frames);
        Assert.Equal(39, f.Length);
        Assert.All(f, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void A_mel_band_between_two_fft_bins_is_refused()
    {
        // 128 bands at 8 kHz with a 256-point FFT (bins 31.25 Hz apart): some low bands hold no bin and would
        // give the log floor in every frame. torchaudio warns, Kaldi refuses; so does Recur, naming the fix.
        var e = Assert.Throws<ArgumentException>(() => new MelFilterbank(8000, 256, 128, 20, 4000));
        Assert.Contains("covers no FFT bin: 128 bands are too narrow for an 256-point FFT at 8000 Hz (bins 31.25 Hz apart)", e.Message);
        Assert.Contains("use fewer mel bins", e.Message);
        // A model saved before the check (trained with such bands) still loads: the loading path allows them.
        var old = new MelFilterbank(8000, 256, 128, 20, 4000, allowEmptyBands: true);
        Assert.True(old.Weights.Slice(4 * old.Bins, old.Bins).IndexOfAnyExcept(0f) < 0, "band 4 is the empty one");
        var ok = new MelFilterbank(8000, 256, 40, 20, 4000);
        for (int m = 0; m < ok.Bands; m++)
            Assert.True(ok.Weights.Slice(m * ok.Bins, ok.Bins).IndexOfAnyExcept(0f) >= 0, $"band {m} is empty");
    }
}
