// FeatureOptions: how audio becomes a feature sequence [T, D]: framing (window length and hop in
// milliseconds, periodic Hann window, FFT size = next power of two), an HTK-mel filterbank, log,
// optional MFCC (DCT-II, orthonormal) and delta orders. Defaults are the usual ASR front end at 8 kHz:
// 25 ms frames every 10 ms, 40 mel bands, 13 MFCCs with deltas and delta-deltas (D = 39).
namespace Recur.Audio;

/// <summary>Settings of <see cref="FeatureExtractor"/>.</summary>
public sealed record FeatureOptions
{
    /// <summary>The rate audio is resampled to before framing (Hz).</summary>
    public int SampleRate { get; init; } = 8000;

    /// <summary>Frame (window) length in milliseconds.</summary>
    public double FrameMs { get; init; } = 25;

    /// <summary>Hop between frame starts in milliseconds.</summary>
    public double HopMs { get; init; } = 10;

    /// <summary>Number of mel bands.</summary>
    public int MelBins { get; init; } = 40;

    /// <summary>Lowest filterbank frequency (Hz).</summary>
    public double LowHz { get; init; } = 20;

    /// <summary>Highest filterbank frequency (Hz); null: the Nyquist frequency.</summary>
    public double? HighHz { get; init; }

    /// <summary>MFCCs kept (0: the features are the log-mel energies themselves).</summary>
    public int Mfcc { get; init; } = 13;

    /// <summary>0: static features only; 1: + deltas; 2: + deltas and delta-deltas.</summary>
    public int DeltaOrder { get; init; } = 2;

    /// <summary>N of the delta regression (frames on each side).</summary>
    public int DeltaWindow { get; init; } = 2;

    /// <summary>Samples per frame at <see cref="SampleRate"/>.</summary>
    public int FrameLength => (int)Math.Round(SampleRate * FrameMs / 1000.0);

    /// <summary>Samples between frame starts at <see cref="SampleRate"/>.</summary>
    public int HopLength => (int)Math.Round(SampleRate * HopMs / 1000.0);

    /// <summary>The FFT size: the smallest power of two &gt;= <see cref="FrameLength"/>.</summary>
    public int FftSize => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)FrameLength);

    /// <summary>D: features per frame.</summary>
    public int Dimension => (Mfcc > 0 ? Mfcc : MelBins) * (1 + DeltaOrder);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (SampleRate <= 0) throw new ArgumentException($"features: sample rate must be positive, got {SampleRate}.");
        if (FrameLength < 2 || HopLength < 1) throw new ArgumentException($"features: frame {FrameMs} ms and hop {HopMs} ms give {FrameLength} and {HopLength} samples; both must be at least 1 (frame at least 2).");
        if (MelBins < 1) throw new ArgumentException($"features: mel bins must be positive, got {MelBins}.");
        double high = HighHz ?? SampleRate / 2.0;
        if (!(LowHz >= 0 && LowHz < high && high <= SampleRate / 2.0))
            throw new ArgumentException($"features: need 0 <= low ({LowHz} Hz) < high ({high} Hz) <= Nyquist ({SampleRate / 2.0} Hz).");
        if (Mfcc < 0 || Mfcc > MelBins) throw new ArgumentException($"features: MFCC count must be in 0..{MelBins} (the mel bins), got {Mfcc}.");
        if (DeltaOrder is < 0 or > 2) throw new ArgumentException($"features: delta order must be 0, 1 or 2, got {DeltaOrder}.");
        if (DeltaWindow < 1) throw new ArgumentException($"features: delta window must be at least 1, got {DeltaWindow}.");
    }
}
