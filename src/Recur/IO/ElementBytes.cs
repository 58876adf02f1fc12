// ElementBytes: moves the elements of typed arrays (float/double/int/long) to and from streams as raw
// bytes in a given byte order. On little-endian hosts reading little-endian data is one bulk read into the
// array's own memory (MemoryMarshal.AsBytes); other combinations swap in place afterwards.
// Callers validate element counts against the bytes actually available before calling, so no allocation
// here is ever sized by an unchecked number from a file. Bytes move in chunks of at most 1 GiB, so one
// tensor of 2 GiB or more (up to the largest array) reads and writes too: a byte span cannot be that long.
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Recur.IO;

/// <summary>Raw element I/O shared by <see cref="SafeTensors"/> and <see cref="Npy"/>.</summary>
internal static class ElementBytes
{
    /// <summary>Arrays larger than this are read from unseekable streams in chunks first, so a lying header cannot force a huge allocation.</summary>
    private const int DirectReadLimit = 16 << 20;

    /// <summary>Bytes per chunk of a bulk read or write (1 GiB).</summary>
    internal const int ChunkBytes = 1 << 30;

    /// <summary>The bytes of a typed array's storage (under 2 GiB; larger arrays go through <see cref="BytesOf"/> in chunks).</summary>
    public static Span<byte> AsBytes(Array data) => BytesOf(data, 0, data.Length);

    /// <summary>The bytes of elements [<paramref name="start"/>, start + <paramref name="length"/>) of a typed array.</summary>
    internal static Span<byte> BytesOf(Array data, int start, int length) => data switch
    {
        float[] f => MemoryMarshal.AsBytes(f.AsSpan(start, length)),
        double[] d => MemoryMarshal.AsBytes(d.AsSpan(start, length)),
        int[] n => MemoryMarshal.AsBytes(n.AsSpan(start, length)),
        long[] l => MemoryMarshal.AsBytes(l.AsSpan(start, length)),
        _ => throw new ArgumentException($"Unsupported element array type {data.GetType().Name}.", nameof(data)),
    };

    /// <summary>Elements per chunk of at most <paramref name="chunkBytes"/> bytes.</summary>
    private static int ChunkElements(Array data, int chunkBytes) =>
        Math.Max(1, chunkBytes / (data is double[] or long[] ? 8 : 4));

    /// <summary>
    /// Reads <paramref name="count"/> elements of <paramref name="dtype"/> stored in the given byte order.
    /// Returns null when the stream ends first (the caller reports truncation with its own context).
    /// </summary>
    public static Array? Read(Stream stream, DType dtype, int count, bool bigEndian, bool sizeVerified) =>
        Read(stream, dtype, count, bigEndian, sizeVerified, ChunkBytes);

    /// <summary>As <see cref="Read(Stream, DType, int, bool, bool)"/> with chunks of <paramref name="chunkBytes"/> (tests use small ones).</summary>
    internal static Array? Read(Stream stream, DType dtype, int count, bool bigEndian, bool sizeVerified, int chunkBytes)
    {
        long byteCount = (long)count * DTypeInfo.SizeOf(dtype);
        Array data;
        if (sizeVerified || byteCount <= DirectReadLimit)
        {
            data = NdArray.Allocate(dtype, count);
            int step = ChunkElements(data, chunkBytes);
            for (int start = 0; start < count; start += step)
            {
                var bytes = BytesOf(data, start, Math.Min(step, count - start));
                if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
                    return null;
            }
        }
        else
        {
            if (byteCount > Array.MaxLength)
                throw new InvalidDataException($"a tensor of {byteCount:N0} bytes cannot be read from a stream of unknown length; give a regular file.");
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
    public static void WriteLittleEndian(Stream stream, Array data) => WriteLittleEndian(stream, data, ChunkBytes);

    /// <summary>As <see cref="WriteLittleEndian(Stream, Array)"/> with chunks of <paramref name="chunkBytes"/> (tests use small ones).</summary>
    internal static void WriteLittleEndian(Stream stream, Array data, int chunkBytes)
    {
        if (!BitConverter.IsLittleEndian)
        {
            data = (Array)data.Clone();
            Swap(data);
        }
        int step = ChunkElements(data, chunkBytes);
        for (int start = 0; start < data.Length; start += step)
            stream.Write(BytesOf(data, start, Math.Min(step, data.Length - start)));
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
