// WavReader: RIFF/WAVE files: integer PCM (format tag 1) of 8 (unsigned), 16, 24 or 32 bits, IEEE float
// (tag 3) of 32 or 64 bits, and WAVE_FORMAT_EXTENSIBLE (tag 0xFFFE) whose sub-format GUID is PCM or
// float; 1 or 2 channels, any sample rate. Chunks other than "fmt " and "data" are skipped (RIFF pads
// odd-sized chunks to even). Anything else (mu-law, ADPCM, truncated data, a missing chunk) throws
// InvalidDataException naming the file and what was found. Spec: Microsoft/IBM "Multimedia Programming
// Interface and Data Specifications 1.0" (1991) and the WAVEFORMATEXTENSIBLE documentation.
using System.Buffers.Binary;
using Recur.IO;

namespace Recur.Audio;

/// <summary>Reads WAV files into <see cref="WavAudio"/>.</summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    // The 14 bytes after the first two of KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: 0000-0010-8000-00AA00389B71.
    private static readonly byte[] GuidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Reads a WAV file; errors name the file.</summary>
    public static WavAudio Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        InputFile.Require(path, "audio file");
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes the bytes of a WAV file; <paramref name="name"/> is used in error messages.</summary>
    public static WavAudio Read(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 12)
            throw Bad(name, $"is not a WAV file: only {bytes.Length} bytes (a RIFF header alone is 12)");
        if (!bytes[..4].SequenceEqual("RIFF"u8))
        {
            string what = bytes[..4].SequenceEqual("RIFX"u8) ? "it is a big-endian RIFX file" : $"it starts with '{Printable(bytes[..4])}' instead of 'RIFF'";
            throw Bad(name, $"is not a RIFF WAV file: {what}");
        }
        if (!bytes.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw Bad(name, $"is a RIFF file of form '{Printable(bytes.Slice(8, 4))}', not 'WAVE'");

        Format? format = null;
        long pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            var id = bytes.Slice((int)pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice((int)pos + 4, 4));
            int body = (int)pos + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (body + size > bytes.Length) throw Bad(name, $"is truncated: its fmt chunk declares {size} bytes but {bytes.Length - body} remain");
                format = ParseFormat(bytes.Slice(body, (int)size), name);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is not { } f) throw Bad(name, "has its data chunk before a fmt chunk (or no fmt chunk)");
                long available = bytes.Length - body;
                // A writer that streams to a pipe cannot seek back to fill in the sizes and leaves 0xFFFFFFFF (or 0,
                // then in the RIFF size too): the data runs to the end of the file, in whole frames (as libsndfile
                // and ffmpeg read it). A real empty data chunk (RIFF size filled in) stays empty.
                uint riffSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(4, 4));
                if (size == uint.MaxValue || (size == 0 && available > 0 && riffSize is 0 or uint.MaxValue))
                    size = available - available % f.BlockAlign;
                if (size > available)
                    throw Bad(name, $"is truncated: its data chunk declares {size} bytes but only {available} remain");
                if (size % f.BlockAlign != 0)
                    throw Bad(name, $"is truncated: its data chunk has {size} bytes, not a whole number of {f.BlockAlign}-byte frames");
                return Decode(bytes.Slice(body, (int)size), f, name);
            }
            // Any other chunk is skipped, but it must fit in the file (a final odd-sized chunk may lack its pad byte).
            if (body + size > bytes.Length)
                throw Bad(name, $"is truncated: its '{Printable(id)}' chunk declares {size} bytes but only {bytes.Length - body} remain");
            pos = body + size + (size & 1);
        }
        throw Bad(name, format == null ? "has no fmt chunk" : "has no data chunk");
    }

    private readonly record struct Format(bool IsFloat, int Channels, int SampleRate, int Bits, int BlockAlign);

    private static Format ParseFormat(ReadOnlySpan<byte> fmt, string name)
    {
        if (fmt.Length < 16) throw Bad(name, $"has a fmt chunk of {fmt.Length} bytes (at least 16 expected)");
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        long rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        if (tag == FormatExtensible)
        {
            if (fmt.Length < 40) throw Bad(name, $"is WAVE_FORMAT_EXTENSIBLE with a fmt chunk of {fmt.Length} bytes (40 expected)");
            ushort sub = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
            if (!fmt.Slice(26, 14).SequenceEqual(GuidTail) || (sub != FormatPcm && sub != FormatFloat))
                throw Bad(name, $"is WAVE_FORMAT_EXTENSIBLE with sub-format {new Guid(fmt.Slice(24, 16))}, which is not supported (only PCM and IEEE float)");
            tag = sub;
        }
        if (tag != FormatPcm && tag != FormatFloat)
            throw Bad(name, $"has audio format tag {tag} (0x{tag:X4}{TagName(tag)}), which is not supported: convert it to PCM or IEEE float WAV");
        bool isFloat = tag == FormatFloat;
        if (channels is < 1 or > 2) throw Bad(name, $"has {channels} channels; only mono and stereo are supported");
        if (rate is < 1 or > 1_000_000) throw Bad(name, $"has a sample rate of {rate} Hz");
        bool bitsOk = isFloat ? bits is 32 or 64 : bits is 8 or 16 or 24 or 32;
        if (!bitsOk) throw Bad(name, $"has {bits}-bit {(isFloat ? "IEEE float" : "PCM")} samples; supported: {(isFloat ? "32 and 64" : "8, 16, 24 and 32")}");
        if (blockAlign != channels * bits / 8)
            throw Bad(name, $"has block align {blockAlign}, but {channels} channel(s) of {bits} bits need {channels * bits / 8}");
        return new Format(isFloat, channels, (int)rate, bits, blockAlign);
    }

    private static WavAudio Decode(ReadOnlySpan<byte> data, Format f, string name)
    {
        int frames = data.Length / f.BlockAlign;
        int bytesPer = f.Bits / 8;
        var channels = new float[f.Channels][];
        for (int c = 0; c < f.Channels; c++) channels[c] = new float[frames];
        for (int n = 0; n < frames; n++)
            for (int c = 0; c < f.Channels; c++)
            {
                float v = Sample(data.Slice(n * f.BlockAlign + c * bytesPer, bytesPer), f);
                // Only float encodings can hold these (a double past float's range becomes infinite too).
                if (!float.IsFinite(v))
                    throw Bad(name, $"has a {(float.IsNaN(v) ? "NaN" : "infinite")} sample at frame {n}, channel {c}; the recording is corrupt (re-export it)");
                channels[c][n] = v;
            }
        return new WavAudio(f.SampleRate, channels);
    }

    private static float Sample(ReadOnlySpan<byte> b, Format f) => (f.IsFloat, f.Bits) switch
    {
        (true, 32) => BinaryPrimitives.ReadSingleLittleEndian(b),
        (true, _) => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
        (false, 8) => (b[0] - 128) / 128f,
        (false, 16) => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768f,
        (false, 24) => ((b[0] | (b[1] << 8) | (b[2] << 16)) << 8 >> 8) / 8388608f,
        _ => (float)(BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648.0),
    };

    private static string TagName(ushort tag) => tag switch
    {
        2 => ", Microsoft ADPCM",
        6 => ", A-law",
        7 => ", mu-law",
        0x11 => ", IMA ADPCM",
        0x31 => ", GSM 6.10",
        0x55 => ", MPEG layer 3",
        _ => "",
    };

    private static string Printable(ReadOnlySpan<byte> b)
    {
        var chars = new char[b.Length];
        for (int i = 0; i < b.Length; i++) chars[i] = b[i] is >= 32 and < 127 ? (char)b[i] : '?';
        return new string(chars);
    }

    private static InvalidDataException Bad(string name, string what) => new($"{name} {what}.");
}
