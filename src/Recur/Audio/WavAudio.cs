// WavAudio: decoded audio: the sample rate and one float array per channel, samples in [-1, 1]
// (integer PCM is divided by 2^(bits-1); 8-bit PCM is unsigned with 128 as zero, as RIFF defines it).
namespace Recur.Audio;

/// <summary>Decoded audio: <see cref="Channels"/>[c][n] is sample n of channel c, scaled to [-1, 1].</summary>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="Channels">One array per channel, all the same length.</param>
public sealed record WavAudio(int SampleRate, float[][] Channels)
{
    /// <summary>Samples per channel.</summary>
    public int Length => Channels.Length == 0 ? 0 : Channels[0].Length;

    /// <summary>Duration in seconds.</summary>
    public double Seconds => (double)Length / SampleRate;

    /// <summary>The channels averaged into one (the first channel itself for mono audio).</summary>
    public float[] Mono()
    {
        if (Channels.Length == 1) return Channels[0];
        var mono = new float[Length];
        foreach (var channel in Channels)
            for (int i = 0; i < mono.Length; i++) mono[i] += channel[i];
        float scale = 1f / Channels.Length;
        for (int i = 0; i < mono.Length; i++) mono[i] *= scale;
        return mono;
    }
}
