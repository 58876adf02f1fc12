// DigitSequences: recordings of label sequences made by joining clips of one speaker with short
// silences: 50-200 ms before, 50-250 ms between and 50-200 ms after the clips, the silence filled with
// faint Gaussian noise (std 1e-4 of full scale, about the FSDD background level) so that log energies stay
// finite. Clips are resampled to a common rate first. The label sequence is the clips' labels in order.
using Recur.Audio;
using Recur.Tensors;

namespace Recur.Applications.Speech;

/// <summary>A built recording: mono samples and the labels spoken in it.</summary>
/// <param name="Samples">Samples at the sample rate it was built for.</param>
/// <param name="Labels">The clips' labels, in order.</param>
public sealed record LabelSequence(float[] Samples, string[] Labels);

/// <summary>Builds multi-clip recordings from single clips.</summary>
public static class DigitSequences
{
    /// <summary>
    /// A sequence of 1..<paramref name="maxLength"/> clips (uniform) of one speaker drawn from <paramref name="clips"/>,
    /// at <paramref name="sampleRate"/> Hz.
    /// </summary>
    public static LabelSequence Build(IReadOnlyList<SpeechClip> clips, int maxLength, int sampleRate, Generator g)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(g);
        if (clips.Count == 0) throw new ArgumentException("DigitSequences: no clips to join.");
        var first = clips[g.NextInt(clips.Count)];
        var sameSpeaker = clips.Where(c => c.Speaker == first.Speaker).ToList();
        int n = 1 + g.NextInt(maxLength);
        var chosen = new List<SpeechClip> { first };
        while (chosen.Count < n) chosen.Add(sameSpeaker[g.NextInt(sameSpeaker.Count)]);
        var samples = new List<float>();
        void Silence(double minMs, double maxMs)
        {
            int count = (int)(sampleRate * (minMs + (maxMs - minMs) * g.NextDouble()) / 1000);
            for (int i = 0; i < count; i++) samples.Add((float)(1e-4 * g.NextNormal()));
        }
        Silence(50, 200);
        for (int i = 0; i < chosen.Count; i++)
        {
            if (i > 0) Silence(50, 250);
            var c = chosen[i];
            samples.AddRange(c.SampleRate == sampleRate ? c.Samples : Resampler.Resample(c.Samples, c.SampleRate, sampleRate));
        }
        Silence(50, 200);
        return new LabelSequence(samples.ToArray(), chosen.Select(c => c.Label).ToArray());
    }
}
