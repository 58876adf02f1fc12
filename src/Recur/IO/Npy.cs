// Npy: read and write NumPy's .npy format (numpy/lib/format.py): "\x93NUMPY", version byte pair, a
// little-endian header length (2 bytes in 1.0, 4 bytes in 2.0/3.0), a Python dict literal header padded
// to 64 bytes, then the raw elements. Supports <f4, <f8, <i4, <i8 (big-endian files are byte-swapped on
// read), C order only. Every defect is an InvalidDataException naming the source and the problem.
using System.Buffers.Binary;
using System.Text;
using Recur.Tensors;

namespace Recur.IO;

/// <summary>Reads and writes NumPy <c>.npy</c> files of float32, float64, int32 and int64 arrays.</summary>
public static class Npy
{
    /// <summary>The largest header accepted, in bytes; NumPy's own writer never exceeds a few hundred.</summary>
    public const int MaxHeaderBytes = 1 << 20;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a .npy file; errors name the path. Bytes after the array data are an error.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, malformed, Fortran-ordered or of an unsupported dtype.</exception>
    public static NdArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        InputFile.Require(path, ".npy file");
        using var stream = InputFile.OpenSeekable(path); // a pipe (--input <(cat x.npy)) is read into memory
        string source = $".npy '{path}'";
        var array = ReadCore(stream, stream.Length, source);
        if (stream.Position != stream.Length)
            throw new InvalidDataException($"{source}: {stream.Length - stream.Position} bytes follow the array data; corrupt file or wrong shape in the header.");
        return array;
    }

    /// <summary>
    /// Reads one array from <paramref name="stream"/>, leaving it positioned just after the array data
    /// (so consecutive arrays can be read, as with <c>np.load</c> on an open file).
    /// </summary>
    /// <exception cref="InvalidDataException">The data is truncated, malformed, Fortran-ordered or of an unsupported dtype.</exception>
    public static NdArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long? available = stream.CanSeek ? stream.Length - stream.Position : null;
        return ReadCore(stream, available, ".npy stream");
    }

    /// <summary>Reads .npy data held in memory.</summary>
    /// <exception cref="InvalidDataException">The data is truncated, malformed, Fortran-ordered or of an unsupported dtype.</exception>
    public static NdArray Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        var array = ReadCore(stream, bytes.Length, ".npy data");
        if (stream.Position != bytes.Length)
            throw new InvalidDataException($".npy data: {bytes.Length - stream.Position} bytes follow the array data; corrupt data or wrong shape in the header.");
        return array;
    }

    /// <summary>
    /// Writes <paramref name="array"/> as a version 1.0 .npy file (2.0 if the header needs more than 64 KiB),
    /// C order, little-endian. Written to <c>path + ".tmp"</c> then moved into place.
    /// </summary>
    public static void Write(string path, NdArray array)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(array);
        AtomicFile.Write(path, stream => Write(stream, array));
    }

    /// <summary>Writes <paramref name="array"/> in .npy format to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, NdArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        string dict = NpyHeader.Format("<" + DTypeInfo.NpyCode(array.DType), array.Shape);

        // Pad with spaces and end with '\n' so the data starts at a multiple of 64 bytes, as NumPy does.
        int prefix = Magic.Length + 2 + 2;
        int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        byte major = 1;
        if (total - prefix > ushort.MaxValue)
        {
            major = 2;
            prefix = Magic.Length + 2 + 4;
            total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        }
        int headerLength = total - prefix;
        var bytes = new byte[total];
        Magic.CopyTo(bytes);
        bytes[6] = major;
        bytes[7] = 0;
        if (major == 1)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        int written = Encoding.ASCII.GetBytes(dict, bytes.AsSpan(prefix));
        bytes.AsSpan(prefix + written, total - 1 - prefix - written).Fill((byte)' ');
        bytes[total - 1] = (byte)'\n';
        stream.Write(bytes);
        ElementBytes.WriteLittleEndian(stream, array.Data);
    }

    private static NdArray ReadCore(Stream stream, long? available, string source)
    {
        Span<byte> lead = stackalloc byte[8];
        int got = stream.ReadAtLeast(lead, 8, throwOnEndOfStream: false);
        int compared = Math.Min(got, Magic.Length);
        if (!lead[..compared].SequenceEqual(Magic[..compared]))
            throw Error(source, "does not start with the .npy magic \\x93NUMPY; not a .npy file.");
        if (got < 8)
            throw Error(source, $"is only {got} bytes long, too short for the .npy preamble; truncated file.");

        byte major = lead[6], minor = lead[7];
        if (major is < 1 or > 3 || minor != 0)
            throw Error(source, $"format version {major}.{minor} is not supported; supported: 1.0, 2.0, 3.0.");

        int lengthBytes = major == 1 ? 2 : 4;
        Span<byte> lengthField = stackalloc byte[4];
        if (stream.ReadAtLeast(lengthField[..lengthBytes], lengthBytes, throwOnEndOfStream: false) < lengthBytes)
            throw Error(source, "the data ends inside the header length; truncated file.");
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField)
            : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        long afterPreamble = 8 + lengthBytes;
        if (headerLength > MaxHeaderBytes)
            throw Error(source, $"header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit; corrupt file.");
        if (available is { } total && headerLength > total - afterPreamble)
            throw Error(source, $"header length {headerLength} is larger than the {total - afterPreamble} bytes that follow; truncated file.");

        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length)
            throw Error(source, "the data ends inside the header; truncated file.");

        string text;
        try
        {
            text = major == 3
                ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes)
                : Encoding.Latin1.GetString(headerBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw Error(source, "the version 3.0 header is not valid UTF-8; corrupt file.", e);
        }

        var header = NpyHeader.Parse(text, source);
        var (dtype, bigEndian) = ParseDescr(header.Descr, source);
        int[] shape = Array.ConvertAll(header.Shape, d => (int)d);
        string shapeText = Shapes.Format(shape);

        if (header.FortranOrder)
            throw Error(source, $"the array (shape {shapeText}) is stored in Fortran order, which is not supported; save it with np.save(path, np.ascontiguousarray(a)).");

        // An axis of 0 makes an empty array whatever the others are (as numpy and safetensors have it).
        long count = shape.Contains(0) ? 0 : 1;
        foreach (int d in shape)
        {
            if (count == 0) break;
            count *= d;
            if (count > Array.MaxLength)
                throw Error(source, $"shape {shapeText} has more than {Array.MaxLength} elements.");
        }

        long needed = count * DTypeInfo.SizeOf(dtype);
        long dataAvailable = available is { } all ? all - afterPreamble - headerLength : -1;
        if (available is not null && dataAvailable < needed)
            throw Error(source, $"shape {shapeText} of {header.Descr} needs {needed} data bytes but only {dataAvailable} follow the header; truncated file.");

        var data = ElementBytes.Read(stream, dtype, (int)count, bigEndian, sizeVerified: available is not null)
            ?? throw Error(source, $"shape {shapeText} of {header.Descr} needs {needed} data bytes but the data ends early; truncated file.");
        return NdArray.Wrap(dtype, data, shape);
    }

    private static (DType DType, bool BigEndian) ParseDescr(string descr, string source)
    {
        bool bigEndian = !BitConverter.IsLittleEndian;
        string code = descr;
        if (descr.Length > 0 && descr[0] is '<' or '>' or '|' or '=')
        {
            // '|' (byte order not applicable) and '=' (native) mean the writer's native order;
            // NumPy only writes them for 1-byte types, so read them as the host's order.
            if (descr[0] == '<') bigEndian = false;
            else if (descr[0] == '>') bigEndian = true;
            code = descr[1..];
        }
        if (!DTypeInfo.TryParseNpyCode(code, out var dtype))
            throw Error(source, $"dtype '{descr}' is not supported; supported: {DTypeInfo.SupportedNpyDescrs} (big-endian '>' variants are byte-swapped).");
        return (dtype, bigEndian);
    }

    private static InvalidDataException Error(string source, string problem, Exception? inner = null) =>
        new($"{source}: {problem}", inner);
}
