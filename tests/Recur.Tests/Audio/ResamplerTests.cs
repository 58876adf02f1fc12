// Resampler: a sine keeps its frequency and amplitude across rates (checked against the analytic
// signal away from the edges), equal rates copy, and a tone above the new Nyquist is filtered out.
using Recur.Audio;

namespace Recur.Tests.Audio;

public class ResamplerTests
{
    private static float[] Sine(double hz, int rate, int n, double amplitude = 0.5) =>
        Enumerable.Range(0, n).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();

    [Theory]
    [InlineData(16000, 8000), InlineData(8000, 16000), InlineData(44100, 8000), InlineData(8000, 11025)]
    public void A_sine_keeps_its_frequency_and_amplitude(int from, int to)
    {
        var y = Resampler.Resample(Sine(440, from, from / 4), from, to);
        Assert.Equal((from / 4 * (long)to + from - 1) / from, y.Length);
        var expected = Sine(440, to, y.Length);
        int margin = to / 50; // 20 ms at the edges, where the window sees zeros
        TestUtil.AssertClose(expected.AsSpan(margin, y.Length - 2 * margin), y.AsSpan(margin, y.Length - 2 * margin), 5e-3, 0, "resampled sine");
    }

    [Fact]
    public void A_tone_above_the_new_nyquist_is_removed()
    {
        var y = Resampler.Resample(Sine(6000, 16000, 4000), 16000, 8000);
        float peak = y.AsSpan(200, y.Length - 400).ToArray().Max(MathF.Abs);
        Assert.True(peak < 0.02f, $"6 kHz at 8 kHz should be filtered out, peak {peak}");
    }

    [Fact]
    public void Equal_rates_copy_and_bad_rates_throw()
    {
        var x = Sine(100, 8000, 50);
        var y = Resampler.Resample(x, 8000, 8000);
        Assert.Equal(x, y);
        Assert.NotSame(x, y);
        Assert.Throws<ArgumentException>(() => Resampler.Resample(x, 0, 8000));
    }

    [Fact]
    public void An_output_too_long_for_an_array_is_refused_naming_the_rates()
    {
        // A damaged header claiming 1 Hz: 300,000 samples at 8 kHz would be 2.4e9 samples, past any array.
        var e = Assert.Throws<ArgumentException>(() => Resampler.Resample(new float[300_000], 1, 8000));
        Assert.Contains("300000 samples at 1 Hz would become 2400000000 samples at 8000 Hz", e.Message);
        Assert.Contains("is the input's sample rate right?", e.Message);
    }
}
