// ElementBytes: moves the elements of typed arrays (float/double/int/long) to and from streams as raw
// bytes in a given byte order. On little-endian hosts reading little-endian data is one bulk read into the
// array's own memory (MemoryMarshal.AsBytes); other combinations swap in place afterwards.
// Callers validate element counts against the bytes actually available before calling, so no allocation
// here is ever sized by an unchecked number from a file.
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Recur.IO;

/// <summary>Raw element I/O shared by <see cref="SafeTensors"/> and <see cref="Npy"/>.</summary>
internal static class ElementBytes
{
    /// <summary>Arrays larger than this are read from unseekable streams in chunks first, so a lying header cannot force a huge allocation.</summary>
    private const int DirectReadLimit = 16 << 20;

    /// <summary>The bytes of a typed array's storage.</summary>
    public static Span<byte> AsBytes(Array data) => data switch
    {
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
        double[] d => MemoryMarshal.AsBytes(d.AsSpan()),
        int[] n => MemoryMarshal.AsBytes(n.AsSpan()),
        long[] l => MemoryMarshal.AsBytes(l.AsSpan()),
        _ => throw new ArgumentException($"Unsupported element array type {data.GetType().Name}.", nameof(data)),
    };

    /// <summary>
    /// Reads <paramref name="count"/> elements of <paramref name="dtype"/> stored in the given byte order.
    /// Returns null when the stream ends first (the caller reports truncation with its own context).
    /// </summary>
    public static Array? Read(Stream stream, DType dtype, int count, bool bigEndian, bool sizeVerified)
    {
        long byteCount = (long)count * DTypeInfo.SizeOf(dtype);
        Array data;
        if (sizeVerified || byteCount <= DirectReadLimit)
        {
            data = NdArray.Allocate(dtype, count);
            var bytes = AsBytes(data);
            if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
                return null;
        }
        else
        {
            // Unknown stream length: buffer what actually arrives, then allocate the result.
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 20];
            long remaining = byteCount;
            while (remaining > 0)
            {
                int got = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, remaining));
                if (got == 0)
                    return null;
                buffer.Write(chunk, 0, got);
                remaining -= got;
            }
            data = NdArray.Allocate(dtype, count);
            buffer.GetBuffer().AsSpan(0, (int)byteCount).CopyTo(AsBytes(data));
        }
        if (bigEndian == BitConverter.IsLittleEndian)
            Swap(data);
        return data;
    }

    /// <summary>Writes the elements of <paramref name="data"/> little-endian.</summary>
    public static void WriteLittleEndian(Stream stream, Array data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(AsBytes(data));
            return;
        }
        var copy = (Array)data.Clone();
        Swap(copy);
        stream.Write(AsBytes(copy));
    }

    /// <summary>Reverses the byte order of every element, in place.</summary>
    private static void Swap(Array data)
    {
        switch (data)
        {
            case int[] n: BinaryPrimitives.ReverseEndianness(n, n); break;
            case long[] l: BinaryPrimitives.ReverseEndianness(l, l); break;
            case float[] f:
                var fi = MemoryMarshal.Cast<float, int>(f.AsSpan());
                BinaryPrimitives.ReverseEndianness(fi, fi);
                break;
            case double[] d:
                var dl = MemoryMarshal.Cast<double, long>(d.AsSpan());
                BinaryPrimitives.ReverseEndianness(dl, dl);
                break;
        }
    }
}
