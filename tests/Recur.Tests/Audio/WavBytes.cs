// WavBytes: builds WAV files byte by byte for the reader tests (every supported encoding and broken ones).
using System.Buffers.Binary;

namespace Recur.Tests.Audio;

internal static class WavBytes
{
    /// <summary>A RIFF/WAVE file with a fmt chunk (16 bytes, or 40 for tag 0xFFFE with <paramref name="subFormat"/>), an odd "LIST" chunk before it, and data.</summary>
    public static byte[] Build(ushort tag, int channels, int rate, int bits, byte[] data, ushort subFormat = 1, bool guidTailOk = true)
    {
        using var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write("RIFF"u8);
        w.Write(0); // patched below
        w.Write("WAVE"u8);
        w.Write("LIST"u8); // an unknown chunk of odd size (padded) must be skipped
        w.Write(3);
        w.Write(new byte[] { 1, 2, 3, 0 });
        bool ext = tag == 0xFFFE;
        w.Write("fmt "u8);
        w.Write(ext ? 40 : 16);
        w.Write(tag);
        w.Write((ushort)channels);
        w.Write(rate);
        w.Write(rate * channels * bits / 8);
        w.Write((ushort)(channels * bits / 8));
        w.Write((ushort)bits);
        if (ext)
        {
            w.Write((ushort)22);
            w.Write((ushort)bits);
            w.Write(channels == 1 ? 4 : 3);
            w.Write(subFormat);
            w.Write(guidTailOk
                ? new byte[] { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 }
                : new byte[14]);
        }
        w.Write("data"u8);
        w.Write(data.Length);
        w.Write(data);
        w.Flush();
        var bytes = ms.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        return bytes;
    }

    /// <summary>16-bit PCM mono bytes of <paramref name="samples"/> in [-1, 1].</summary>
    public static byte[] Pcm16(float[] samples, int rate = 8000)
    {
        var data = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), (short)Math.Clamp(MathF.Round(samples[i] * 32767f), -32768, 32767));
        return Build(1, 1, rate, 16, data);
    }
}
