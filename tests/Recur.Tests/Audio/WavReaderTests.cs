// WavReader: every supported encoding decodes to the expected samples, and every malformed or
// unsupported file fails with an InvalidDataException that names the file and what was found.
using System.Buffers.Binary;
using Recur.Audio;

namespace Recur.Tests.Audio;

public class WavReaderTests
{
    // The test signal: values that every encoding represents exactly (multiples of 1/128 in [-1, 1)).
    private static readonly float[] Left = [0f, 0.5f, -0.5f, -1f, 0.25f, 127f / 128f];
    private static readonly float[] Right = [0.125f, -0.25f, 0.75f, 0f, -0.625f, -1f];

    private static byte[] Encode(float[][] channels, int bits, bool isFloat)
    {
        int bytesPer = bits / 8, n = channels[0].Length, c = channels.Length;
        var data = new byte[n * c * bytesPer];
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
            {
                var dst = data.AsSpan((i * c + ch) * bytesPer, bytesPer);
                double v = channels[ch][i];
                if (isFloat && bits == 32) BinaryPrimitives.WriteSingleLittleEndian(dst, (float)v);
                else if (isFloat) BinaryPrimitives.WriteDoubleLittleEndian(dst, v);
                else if (bits == 8) dst[0] = (byte)(v * 128 + 128);
                else if (bits == 16) BinaryPrimitives.WriteInt16LittleEndian(dst, (short)(v * 32768));
                else if (bits == 24)
                {
                    int s = (int)(v * 8388608);
                    dst[0] = (byte)s;
                    dst[1] = (byte)(s >> 8);
                    dst[2] = (byte)(s >> 16);
                }
                else BinaryPrimitives.WriteInt32LittleEndian(dst, (int)(v * 2147483648.0));
            }
        return data;
    }

    [Theory]
    [InlineData(1, 8, false, 1), InlineData(1, 16, false, 1), InlineData(1, 24, false, 1), InlineData(1, 32, false, 1)]
    [InlineData(2, 8, false, 1), InlineData(2, 16, false, 1), InlineData(2, 24, false, 1), InlineData(2, 32, false, 1)]
    [InlineData(1, 32, true, 3), InlineData(1, 64, true, 3), InlineData(2, 32, true, 3), InlineData(2, 64, true, 3)]
    [InlineData(1, 16, false, 0xFFFE), InlineData(2, 24, false, 0xFFFE), InlineData(1, 32, true, 0xFFFE)]
    public void Every_supported_encoding_decodes_exactly(int channels, int bits, bool isFloat, int tag)
    {
        float[][] signal = channels == 1 ? [Left] : [Left, Right];
        var bytes = WavBytes.Build((ushort)tag, channels, 22050, bits, Encode(signal, bits, isFloat), subFormat: (ushort)(isFloat ? 3 : 1));
        var audio = WavReader.Read(bytes, "x.wav");
        Assert.Equal(22050, audio.SampleRate);
        Assert.Equal(channels, audio.Channels.Length);
        for (int c = 0; c < channels; c++) TestUtil.AssertClose(signal[c], audio.Channels[c], 0, 0, $"channel {c}");
        var mono = audio.Mono();
        for (int i = 0; i < Left.Length; i++)
            Assert.Equal(channels == 1 ? Left[i] : (Left[i] + Right[i]) / 2f, mono[i]);
    }

    [Fact]
    public void Reads_a_file_from_disk_and_reports_duration()
    {
        var path = Path.Combine(Path.GetTempPath(), $"recur-wav-{Guid.NewGuid():N}.wav");
        File.WriteAllBytes(path, WavBytes.Pcm16(new float[800], 8000));
        try
        {
            var audio = WavReader.Read(path);
            Assert.Equal(800, audio.Length);
            Assert.Equal(0.1, audio.Seconds, 9);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_real_fsdd_recording_decodes()
    {
        var path = Path.Combine(TestUtil.RepoRoot, "data", "free-spoken-digit-dataset-sample", "0_theo_0.wav");
        var audio = WavReader.Read(path);
        Assert.Equal(8000, audio.SampleRate);
        Assert.Single(audio.Channels);
        // Python's wave module reads 3,142 frames with peak |sample| 655 (655 / 32768 = 0.019989013671875).
        Assert.Equal(3142, audio.Length);
        Assert.Equal(0.019989013671875f, audio.Channels[0].Max(MathF.Abs));
    }

    private static void AssertBad(byte[] bytes, params string[] phrases)
    {
        var e = Assert.Throws<InvalidDataException>(() => WavReader.Read(bytes, "bad.wav"));
        Assert.StartsWith("bad.wav ", e.Message);
        foreach (var p in phrases) Assert.Contains(p, e.Message);
    }

    private static byte[] Good() => WavBytes.Build(1, 1, 8000, 16, Encode([Left], 16, false));

    [Fact]
    public void Unsupported_format_tags_are_named()
    {
        AssertBad(WavBytes.Build(7, 1, 8000, 8, new byte[6]), "format tag 7", "mu-law");
        AssertBad(WavBytes.Build(6, 1, 8000, 8, new byte[6]), "A-law");
        AssertBad(WavBytes.Build(2, 1, 8000, 4, new byte[0]), "ADPCM");
        AssertBad(WavBytes.Build(0xFFFE, 1, 8000, 16, new byte[4], subFormat: 7), "WAVE_FORMAT_EXTENSIBLE", "sub-format");
        AssertBad(WavBytes.Build(0xFFFE, 1, 8000, 16, new byte[4], subFormat: 1, guidTailOk: false), "sub-format");
    }

    [Fact]
    public void Unsupported_layouts_are_named()
    {
        AssertBad(WavBytes.Build(1, 3, 8000, 16, new byte[12]), "3 channels");
        AssertBad(WavBytes.Build(1, 1, 8000, 12, new byte[12]), "12-bit PCM");
        AssertBad(WavBytes.Build(3, 1, 8000, 16, new byte[12]), "16-bit IEEE float");
    }

    [Fact]
    public void Malformed_files_are_named()
    {
        AssertBad(new byte[5], "only 5 bytes");
        var notRiff = Good();
        "RIFX"u8.CopyTo(notRiff);
        AssertBad(notRiff, "RIFX");
        "OggS"u8.CopyTo(notRiff);
        AssertBad(notRiff, "'OggS' instead of 'RIFF'");
        var avi = Good();
        "AVI "u8.CopyTo(avi.AsSpan(8));
        AssertBad(avi, "'AVI '");
        var good = Good();
        AssertBad(good[..^3], "truncated", "declares 12 bytes");
        AssertBad(good[..^1], "truncated");
        var noData = good[..^(12 + 8)];
        AssertBad(noData, "no data chunk");
        var noFmt = good.ToArray();
        "junk"u8.CopyTo(noFmt.AsSpan(24)); // the fmt chunk id (after RIFF header 12 + LIST chunk 12)
        AssertBad(noFmt, "before a fmt chunk");
    }

    [Theory]
    [InlineData(0xFFFFFFFFu), InlineData(0x7FFFFFF0u), InlineData(1000u)]
    public void A_skipped_chunk_past_the_end_of_the_file_is_truncation(uint size)
    {
        // The LIST chunk (right after the RIFF header) declares more bytes than the whole file has.
        var bytes = WavBytes.Build(1, 1, 8000, 16, new byte[8]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), size);
        AssertBad(bytes, "truncated", $"'LIST' chunk declares {size} bytes");
    }

    [Theory]
    [InlineData(float.NaN, "NaN"), InlineData(float.PositiveInfinity, "infinite")]
    public void Non_finite_float_samples_are_named(float bad, string word)
    {
        var data = new byte[4 * 6];
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * 3), bad);
        AssertBad(WavBytes.Build(3, 2, 8000, 32, data), $"{word} sample at frame 1, channel 1");
        var doubles = new byte[8 * 2];
        BinaryPrimitives.WriteDoubleLittleEndian(doubles.AsSpan(8), 1e300); // past float's range
        AssertBad(WavBytes.Build(3, 1, 8000, 64, doubles), "infinite sample at frame 1, channel 0");
    }

    [Fact]
    public void Odd_frame_count_in_data_is_truncation()
    {
        var bytes = WavBytes.Build(1, 2, 8000, 16, new byte[6]);
        AssertBad(bytes, "not a whole number of 4-byte frames");
    }

    [Theory]
    [InlineData(0xFFFFFFFFu), InlineData(0u)]
    public void A_streamed_file_whose_data_size_was_never_filled_in_reads_to_the_end(uint size)
    {
        // Writers that stream to a pipe (ffmpeg ... -f wav -) leave the data size at 0xFFFFFFFF: the audio is whole.
        var good = Good();
        var expected = WavReader.Read(good, "good.wav");
        int dataLength = Left.Length * 2;
        var streamed = good.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(streamed.AsSpan(streamed.Length - dataLength - 4), size);
        BinaryPrimitives.WriteUInt32LittleEndian(streamed.AsSpan(4), size); // the RIFF size is unfilled too
        Assert.Equal(expected.Channels[0], WavReader.Read(streamed, "p.wav").Channels[0]);
        // A trailing half frame is left out, as whole frames are all there is to read.
        var ragged = streamed.Append((byte)7).ToArray();
        Assert.Equal(expected.Channels[0], WavReader.Read(ragged, "p.wav").Channels[0]);
        // A data size of 0 in a file whose RIFF size is filled in is a real empty chunk: the bytes after it are not audio.
        var empty = good.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(empty.AsSpan(empty.Length - dataLength - 4), 0);
        Assert.Equal(0, WavReader.Read(empty, "e.wav").Length);
        // Any other size past the end is still truncation.
        BinaryPrimitives.WriteUInt32LittleEndian(streamed.AsSpan(streamed.Length - dataLength - 4), (uint)dataLength + 2);
        AssertBad(streamed, "truncated", $"declares {dataLength + 2} bytes");
    }
}
