// SafeTensors: read and write the safetensors format (https://github.com/huggingface/safetensors):
// [u64 little-endian N][N bytes of UTF-8 JSON header][data section]. The header maps each tensor name to
// {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the data section) plus an optional
// "__metadata__" string map. Like the reference loader, tensors must tile the data section exactly (no
// overlap, no gap, no trailing bytes). Every defect is an InvalidDataException naming the source and tensor.
using System.Buffers.Binary;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Recur.IO;

/// <summary>Reads and writes safetensors files of F32, F64, I32 and I64 arrays.</summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted, in bytes (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>Reads a safetensors file; errors name the path.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, malformed or uses an unsupported dtype.</exception>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        InputFile.Require(path, "safetensors file");
        using var stream = InputFile.OpenSeekable(path);
        return ReadSeekable(stream, stream.Length, $"'{path}'");
    }

    /// <summary>
    /// Reads the tensors of a safetensors file whose names <paramref name="include"/> accepts; the others are
    /// neither read nor dtype-checked (a state_dict's integer or half-precision buffers a module does not have).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is truncated, malformed, or an included tensor has an unsupported dtype.</exception>
    public static SafeTensorsFile Read(string path, Func<string, bool> include)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(include);
        InputFile.Require(path, "safetensors file");
        using var stream = InputFile.OpenSeekable(path);
        return ReadSeekable(stream, stream.Length, $"'{path}'", include);
    }

    /// <summary>
    /// Reads only the header of a safetensors file: every tensor's name, dtype and shape (in file order) and the
    /// metadata, checked as <see cref="Read(string)"/> checks them, but without reading any data. Tensors of
    /// dtypes Recur does not load (F16, BF16, U8, BOOL, ...) are listed too.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is truncated or its header is malformed.</exception>
    public static SafeTensorsHeader ReadHeader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        InputFile.Require(path, "safetensors file");
        using var stream = InputFile.OpenSeekable(path);
        var (entries, metadata, _) = ReadEntries(stream, stream.Length, $"'{path}'");
        return new SafeTensorsHeader(entries.Select(e => new SafeTensorsEntry(e.Name, e.DTypeName, e.Shape)).ToList(), metadata, stream.Length);
    }

    /// <summary>Reads safetensors data held in memory.</summary>
    /// <exception cref="InvalidDataException">The data is truncated, malformed or uses an unsupported dtype.</exception>
    public static SafeTensorsFile Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return ReadSeekable(stream, bytes.Length, "safetensors data");
    }

    /// <summary>Reads safetensors data from the current position to the end of <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">The data is truncated, malformed or uses an unsupported dtype.</exception>
    public static SafeTensorsFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
            return ReadSeekable(stream, stream.Length - stream.Position, "safetensors stream");
        // Offsets need random access; buffer what the stream actually holds (never a size from the header).
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return ReadSeekable(copy, copy.Length, "safetensors stream");
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> (data laid out in the given order) and optional string metadata to
    /// <paramref name="path"/>. The file is written to a temporary file beside it and then moved into place, so a
    /// failure never leaves a half-written file at <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NdArray>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (list, header) = Prepare(tensors, metadata);
        AtomicFile.Write(path, stream => WriteBody(stream, list, header));
    }

    /// <summary>Writes <paramref name="tensors"/> and optional metadata to <paramref name="stream"/> in safetensors format.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, NdArray>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (list, header) = Prepare(tensors, metadata);
        WriteBody(stream, list, header);
    }

    // ---------------------------------------------------------------- writing

    private static (List<KeyValuePair<string, NdArray>> List, byte[] Header) Prepare(
        IEnumerable<KeyValuePair<string, NdArray>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = new List<KeyValuePair<string, NdArray>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, array) in tensors)
        {
            if (name is null)
                throw new ArgumentException("SafeTensors.Write: a tensor name is null.", nameof(tensors));
            if (name == MetadataKey)
                throw new ArgumentException($"SafeTensors.Write: '{MetadataKey}' is reserved and cannot name a tensor.", nameof(tensors));
            if (array is null)
                throw new ArgumentException($"SafeTensors.Write: tensor '{name}' is null.", nameof(tensors));
            if (!seen.Add(name))
                throw new ArgumentException($"SafeTensors.Write: tensor name '{name}' appears twice.", nameof(tensors));
            list.Add(new(name, array));
        }

        using var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var key in metadata.Keys.Order(StringComparer.Ordinal))
                {
                    string? value = metadata[key];
                    if (value is null)
                        throw new ArgumentException($"SafeTensors.Write: metadata value for '{key}' is null.", nameof(metadata));
                    w.WriteString(key, value);
                }
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, array) in list)
            {
                long end = offset + (long)array.Length * array.ItemSize;
                w.WriteStartObject(name);
                w.WriteString("dtype", DTypeInfo.SafeTensorsName(array.DType));
                w.WriteStartArray("shape");
                foreach (int d in array.Shape)
                    w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(end);
                w.WriteEndArray();
                w.WriteEndObject();
                offset = end;
            }
            w.WriteEndObject();
        }

        // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
        int length = (int)json.Length;
        int padded = (length + 7) / 8 * 8;
        var header = new byte[padded];
        json.GetBuffer().AsSpan(0, length).CopyTo(header);
        header.AsSpan(length).Fill((byte)' ');
        return (list, header);
    }

    private static void WriteBody(Stream stream, List<KeyValuePair<string, NdArray>> list, byte[] header)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var (_, array) in list)
            ElementBytes.WriteLittleEndian(stream, array.Data);
    }

    // ---------------------------------------------------------------- reading

    /// <summary>One header entry; <see cref="DType"/> is null for a dtype Recur does not load.</summary>
    private sealed record Entry(string Name, string DTypeName, DType? DType, int[] Shape, int Count, long Begin, long End);

    private static SafeTensorsFile ReadSeekable(Stream stream, long length, string source, Func<string, bool>? include = null)
    {
        var (entries, metadata, dataStart) = ReadEntries(stream, length, source);
        var tensors = new List<KeyValuePair<string, NdArray>>(entries.Count);
        foreach (var e in entries)
        {
            if (include != null && !include(e.Name)) continue; // not asked for: neither read nor dtype-checked
            if (e.DType is not { } dtype)
                throw Error(source, $"tensor '{e.Name}': dtype {e.DTypeName} is not supported; supported: {DTypeInfo.SupportedSafeTensorsNames}.");
            stream.Position = dataStart + e.Begin;
            var data = ElementBytes.Read(stream, dtype, e.Count, bigEndian: false, sizeVerified: true)
                ?? throw Error(source, $"tensor '{e.Name}': the data ends before byte {e.End} of the data section; the file is truncated.");
            tensors.Add(new(e.Name, NdArray.Wrap(dtype, data, e.Shape)));
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    /// <summary>Reads and checks the length prefix and header; returns the entries, the metadata and where the data starts.</summary>
    private static (List<Entry> Entries, Dictionary<string, string> Metadata, long DataStart) ReadEntries(Stream stream, long length, string source)
    {
        long start = stream.Position;
        if (length < 8)
            throw Error(source, $"is {length} bytes long, shorter than the 8-byte header length; truncated or not a safetensors file.");

        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, source, "the header length");
        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        // torch.save writes a zip archive (PyTorch 1.6 and later) or a pickle (0x80, protocol 2-5): the first thing a
        // PyTorch user tries. Either reads as an impossible header length.
        bool impossible = declared > MaxHeaderBytes || (long)declared > length - 8;
        if (impossible && ((prefix[0] == (byte)'P' && prefix[1] == (byte)'K' && prefix[2] == 3 && prefix[3] == 4) || (prefix[0] == 0x80 && prefix[1] is >= 2 and <= 5)))
            throw Error(source,
                "is a torch.save file (a " + (prefix[0] == 0x80 ? "pickle" : "zip archive") + "), not safetensors; save the state_dict as safetensors: " +
                "safetensors.torch.save_file(model.state_dict(), path), or, without the safetensors package, " +
                "tools/golden/safetensors_out.py's save(path, {k: v.numpy() for k, v in model.state_dict().items()}, {\"format\": \"pt\"})");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
            throw Error(source, $"header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit; corrupt or not a safetensors file.");
        if ((long)headerLength > length - 8)
            throw Error(source, $"header length {headerLength} is larger than the {length - 8} bytes after the length prefix; truncated or not a safetensors file.");
        if (headerLength < 2)
            throw Error(source, $"header length {headerLength} is too small to hold a JSON object.");

        var headerBytes = new byte[(int)headerLength];
        ReadExactly(stream, headerBytes, source, "the header");
        long dataStart = start + 8 + (long)headerLength;
        long dataLength = length - 8 - (long)headerLength;

        var (entries, metadata) = ParseHeader(headerBytes, source, dataLength);
        return (entries, metadata, dataStart);
    }

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(byte[] headerBytes, string source, long dataLength)
    {
        if (!Utf8.IsValid(headerBytes))
            throw Error(source, "the header is not valid UTF-8; corrupt or not a safetensors file.");

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(headerBytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Error(source, $"the header is not valid JSON ({e.Message}); corrupt or not a safetensors file.", e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Error(source, $"the header is a JSON {Kind(root)}, not an object mapping tensor names to entries.");

            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var property in root.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                        throw Error(source, $"the header has the key '{property.Name}' twice.");
                    if (property.Name == MetadataKey)
                        ParseMetadata(property.Value, source, metadata);
                    else
                        entries.Add(ParseEntry(property.Name, property.Value, source, dataLength));
                }
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json unescapes names and strings lazily: a lone surrogate escape (\ud800) fails here.
                throw Error(source, $"the header holds a string that is not valid text ({e.Message}); corrupt or not a safetensors file.", e);
            }

            CheckTiling(entries, source, dataLength);
            return (entries, metadata);
        }
    }

    private static void ParseMetadata(JsonElement value, string source, Dictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return;
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(source, $"{MetadataKey} is a JSON {Kind(value)}, not an object of strings.");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Error(source, $"{MetadataKey} value for key '{item.Name}' is a JSON {Kind(item.Value)}, not a string.");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Error(source, $"{MetadataKey} has the key '{item.Name}' twice.");
        }
    }

    private static Entry ParseEntry(string name, JsonElement value, string source, long dataLength)
    {
        string where = $"tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(source, $"{where}: the entry is a JSON {Kind(value)}, not an object with dtype, shape and data_offsets.");

        JsonElement? dtypeElement = null, shapeElement = null, offsetsElement = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype": Set(ref dtypeElement, field); break;
                case "shape": Set(ref shapeElement, field); break;
                case "data_offsets": Set(ref offsetsElement, field); break;
            }
        }
        void Set(ref JsonElement? slot, JsonProperty field)
        {
            if (slot is not null)
                throw Error(source, $"{where}: the entry has '{field.Name}' twice.");
            slot = field.Value;
        }

        if (dtypeElement is not { } dt)
            throw Error(source, $"{where}: the entry has no dtype.");
        if (shapeElement is not { } sh)
            throw Error(source, $"{where}: the entry has no shape.");
        if (offsetsElement is not { } off)
            throw Error(source, $"{where}: the entry has no data_offsets.");

        if (dt.ValueKind != JsonValueKind.String)
            throw Error(source, $"{where}: dtype is a JSON {Kind(dt)}, not a string.");
        string dtypeName = dt.GetString()!;
        int elementBits = DTypeInfo.SafeTensorsElementBits(dtypeName);
        if (elementBits == 0)
            throw Error(source, $"{where}: dtype {Truncate(dtypeName)} is not a safetensors dtype (F64, F32, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL, C64, F8_E4M3, F8_E5M2, F8_E4M3FNUZ, F8_E5M2FNUZ, F8_E8M0, F6_E2M3, F6_E3M2, F4).");
        DType? dtype = DTypeInfo.TryParseSafeTensors(dtypeName, out var parsed) ? parsed : null;

        if (sh.ValueKind != JsonValueKind.Array)
            throw Error(source, $"{where}: shape is a JSON {Kind(sh)}, not an array of integers.");
        var shape = new int[sh.GetArrayLength()];
        int axis = 0;
        bool hasZero = false;
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim))
                throw Error(source, $"{where}: shape entry {axis} ({d.GetRawText()}) is not an integer.");
            if (dim < 0)
                throw Error(source, $"{where}: shape entry {axis} is negative ({dim}).");
            if (dim > int.MaxValue)
                throw Error(source, $"{where}: shape entry {axis} ({dim}) is larger than {int.MaxValue}.");
            shape[axis++] = (int)dim;
            hasZero |= dim == 0;
        }
        long count = 1;
        if (hasZero)
            count = 0;
        else
        {
            foreach (int d in shape)
            {
                count *= d;
                if (count > Array.MaxLength)
                    throw Error(source, $"{where}: shape [{string.Join(", ", shape)}] has more than {Array.MaxLength} elements.");
            }
        }

        if (off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw Error(source, $"{where}: data_offsets must be an array of two integers [begin, end], got {Truncate(off.GetRawText())}.");
        var b = off[0];
        var e = off[1];
        if (b.ValueKind != JsonValueKind.Number || !b.TryGetInt64(out long begin) || begin < 0
            || e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long end) || end < 0)
            throw Error(source, $"{where}: data_offsets {Truncate(off.GetRawText())} must be two non-negative integers.");
        if (end < begin)
            throw Error(source, $"{where}: data_offsets [{begin}, {end}] end before they begin.");
        if (end > dataLength)
            throw Error(source, $"{where}: data_offsets [{begin}, {end}] reach past the end of the {dataLength}-byte data section; truncated or corrupt.");
        long needed = (count * elementBits + 7) / 8; // sub-byte dtypes pack their elements
        if (end - begin != needed)
            throw Error(source, $"{where}: data_offsets [{begin}, {end}] span {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtypeName} needs {needed}.");

        return new Entry(name, dtypeName, dtype, shape, (int)count, begin, end);
    }

    /// <summary>The tensors must cover [0, dataLength) exactly once, as the reference loader requires.</summary>
    private static void CheckTiling(List<Entry> entries, string source, long dataLength)
    {
        var sorted = entries.ToArray();
        Array.Sort(sorted, (x, y) => x.Begin != y.Begin ? x.Begin.CompareTo(y.Begin) : x.End.CompareTo(y.End));
        long cursor = 0;
        Entry? previous = null;
        foreach (var e in sorted)
        {
            if (e.Begin < cursor)
                throw Error(source, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] overlap tensor '{previous!.Name}' [{previous.Begin}, {previous.End}].");
            if (e.Begin > cursor)
                throw Error(source, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] leave bytes [{cursor}, {e.Begin}) of the data section unused; corrupt file.");
            cursor = e.End;
            previous = e;
        }
        if (cursor != dataLength)
            throw Error(source, $"the data section is {dataLength} bytes but the tensors cover only {cursor}; corrupt file or trailing bytes.");
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string source, string what)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw Error(source, $"the data ends inside {what}; the file is truncated.");
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "...";

    private static InvalidDataException Error(string source, string problem, Exception? inner = null) =>
        new($"safetensors {source}: {problem}", inner);
}
