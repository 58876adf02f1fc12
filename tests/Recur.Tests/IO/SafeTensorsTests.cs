// Tests of SafeTensors: round trips of every dtype (0-d and empty included) with metadata through files,
// byte arrays and unseekable streams; the on-disk layout (8-byte aligned header, contiguous offsets); and
// every malformed input, built by hand, failing with InvalidDataException that names the problem.
using System.Buffers.Binary;
using System.Text;
using Recur.IO;

namespace Recur.Tests.IO;

public class SafeTensorsTests
{
    private static readonly Dictionary<string, string> Meta = new() { ["format"] = "pt", ["note"] = "ünïcode \"quoted\" <tag>" };

    private static List<KeyValuePair<string, NdArray>> AllSamples() =>
        [.. IOTestFiles.Samples().Select(s => new KeyValuePair<string, NdArray>(s.Name, s.Array))];

    private static void AssertSameContents(List<KeyValuePair<string, NdArray>> expected, SafeTensorsFile actual)
    {
        Assert.Equal(expected.Select(e => e.Key), actual.Names);
        foreach (var (name, array) in expected)
            IOTestFiles.AssertSame(array, actual[name], name);
    }

    [Fact]
    public void Round_trips_every_dtype_and_metadata_through_a_file()
    {
        using var dir = new ScratchDir();
        string path = dir.File("m.safetensors");
        var tensors = AllSamples();
        SafeTensors.Write(path, tensors, Meta);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));

        var back = SafeTensors.Read(path);
        AssertSameContents(tensors, back);
        Assert.Equal(Meta.OrderBy(kv => kv.Key), back.Metadata.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Round_trips_through_bytes_and_unseekable_streams()
    {
        var tensors = AllSamples();
        using var ms = new MemoryStream();
        SafeTensors.Write(ms, tensors);
        var bytes = ms.ToArray();

        var fromBytes = SafeTensors.Read(bytes);
        AssertSameContents(tensors, fromBytes);
        Assert.Empty(fromBytes.Metadata);
        AssertSameContents(tensors, SafeTensors.Read(new ForwardOnlyStream(bytes)));
        AssertSameContents(tensors, SafeTensors.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void Empty_file_with_no_tensors_round_trips()
    {
        using var ms = new MemoryStream();
        SafeTensors.Write(ms, [], new Dictionary<string, string> { ["k"] = "v" });
        var back = SafeTensors.Read(ms.ToArray());
        Assert.Equal(0, back.Count);
        Assert.Equal("v", back.Metadata["k"]);
    }

    [Fact]
    public void Layout_is_aligned_contiguous_and_in_the_given_order()
    {
        var tensors = AllSamples();
        using var ms = new MemoryStream();
        SafeTensors.Write(ms, tensors, Meta);
        var bytes = ms.ToArray();
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\",", header);
        Assert.EndsWith("}", header.TrimEnd(' '));
        Assert.Contains("\"f32\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}", header);
        Assert.Contains("\"f64\":{\"dtype\":\"F64\",\"shape\":[4],\"data_offsets\":[24,56]}", header);
        Assert.Contains("\"f32.scalar\":{\"dtype\":\"F32\",\"shape\":[],", header);
        long total = tensors.Sum(t => (long)t.Value.Length * t.Value.ItemSize);
        Assert.Equal(8 + n + total, bytes.Length);
    }

    [Fact]
    public void Write_overwrites_an_existing_file_and_leaves_no_temp_file()
    {
        using var dir = new ScratchDir();
        string path = dir.File("w.safetensors");
        File.WriteAllText(path, "old contents");
        SafeTensors.Write(path, [new("x", NdArray.FromInt32([5], [1]))]);
        Assert.Equal(5, SafeTensors.Read(path)["x"].AsInt32()[0]);
        Assert.Equal(new[] { "w.safetensors" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_rejects_bad_arguments_before_touching_the_file()
    {
        using var dir = new ScratchDir();
        string path = dir.File("bad.safetensors");
        var a = NdArray.FromFloat32([1], [1]);
        Assert.Throws<ArgumentException>(() => SafeTensors.Write(path, [new("a", a), new("a", a)]));
        Assert.Throws<ArgumentException>(() => SafeTensors.Write(path, [new("__metadata__", a)]));
        Assert.Throws<ArgumentException>(() => SafeTensors.Write(path, [new("a", null!)]));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Missing_name_lists_the_names_present()
    {
        var file = SafeTensors.Read(Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        var e = Assert.Throws<KeyNotFoundException>(() => file["b"]);
        Assert.Contains("'b'", e.Message);
        Assert.Contains("a", e.Message);
        Assert.True(file.TryGetValue("a", out var a));
        Assert.Equal(DType.F32, a.DType);
    }

    // ------------------------------------------------------------ malformed input

    private static byte[] Build(string header, int dataBytes, long? declaredLength = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        return BuildRaw(h, dataBytes, declaredLength ?? h.Length);
    }

    private static byte[] BuildRaw(byte[] header, int dataBytes, long declaredLength)
    {
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)declaredLength);
        header.CopyTo(bytes, 8);
        for (int i = 0; i < dataBytes; i++) bytes[8 + header.Length + i] = (byte)(i * 37);
        return bytes;
    }

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    public static TheoryData<string, byte[], string> MalformedCases() => new()
    {
        { "empty file", [], "shorter than the 8-byte header length" },
        { "5 bytes", [1, 2, 3, 4, 5], "shorter than the 8-byte header length" },
        { "header past end", Build("{}", 0, declaredLength: 1000), "header length 1000 is larger" },
        { "header > 100 MB", Build("{}", 0, declaredLength: 200_000_000), "exceeds the 100000000-byte limit" },
        { "header length u64 max", BuildRaw([], 0, -1), "exceeds the 100000000-byte limit" },
        { "zero header", Build("", 0), "too small" },
        { "invalid UTF-8", BuildRaw([(byte)'{', 0xFF, 0xFE, (byte)'}'], 0, 4), "not valid UTF-8" },
        { "invalid JSON", Build("{\"a\":", 0), "not valid JSON" },
        { "JSON array", Build("[1, 2]", 0), "not an object" },
        { "deep nesting", Build(new string('[', 500) + new string(']', 500), 0), "not valid JSON" },
        { "entry not object", Build("{\"w\":[1,2]}", 0), "tensor 'w': the entry is a JSON array" },
        { "missing dtype", Build("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'w': the entry has no dtype" },
        { "missing shape", Build("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4), "tensor 'w': the entry has no shape" },
        { "missing offsets", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "tensor 'w': the entry has no data_offsets" },
        { "duplicate field", Build("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "'dtype' twice" },
        { "duplicate tensor", Build("{" + Entry("w", "F32", "[1]", 0, 4) + "," + Entry("w", "F32", "[1]", 4, 8) + "}", 8), "'w' twice" },
        { "BF16", Build("{" + Entry("w", "BF16", "[2]", 0, 4) + "}", 4), "tensor 'w': dtype BF16 is not supported; supported: F32, F64, I32, I64" },
        { "lowercase f32", Build("{" + Entry("w", "f32", "[1]", 0, 4) + "}", 4), "dtype f32 is not a safetensors dtype" },
        { "dtype number", Build("{\"w\":{\"dtype\":5,\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "dtype is a JSON number" },
        { "negative dim", Build("{" + Entry("w", "F32", "[-1]", 0, 4) + "}", 4), "shape entry 0 is negative" },
        { "huge dim", Build("{" + Entry("w", "F32", "[1000000000000]", 0, 4) + "}", 4), "larger than 2147483647" },
        { "huge count", Build("{" + Entry("w", "F32", "[100000,100000]", 0, 4) + "}", 4), "more than" },
        { "fractional dim", Build("{" + Entry("w", "F32", "[2.5]", 0, 4) + "}", 4), "not an integer" },
        { "shape string", Build("{" + Entry("w", "F32", "\"2\"", 0, 4) + "}", 4), "shape is a JSON string" },
        { "one offset", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4), "array of two integers" },
        { "negative offset", Build("{" + Entry("w", "F32", "[1]", -4, 0) + "}", 4), "non-negative integers" },
        { "end before begin", Build("{" + Entry("w", "F32", "[0]", 4, 0) + "}", 4), "end before they begin" },
        { "size mismatch", Build("{" + Entry("w", "F32", "[2,3]", 0, 20) + "}", 20), "tensor 'w': data_offsets [0, 20] span 20 bytes but shape [2, 3] of F32 needs 24" },
        { "out of range", Build("{" + Entry("w", "F32", "[2,3]", 0, 24) + "}", 16), "reach past the end of the 16-byte data section" },
        { "huge offsets", Build("{" + Entry("w", "F32", "[1]", 9_000_000_000_000_000_000, 9_000_000_000_000_000_004) + "}", 4), "reach past the end" },
        { "offset overflow", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,18446744073709551620]}}", 4), "non-negative integers" },
        { "overlap", Build("{" + Entry("a", "F32", "[4]", 0, 16) + "," + Entry("b", "F32", "[4]", 8, 24) + "}", 24), "overlap tensor 'a'" },
        { "same range", Build("{" + Entry("a", "I32", "[2]", 0, 8) + "," + Entry("b", "F32", "[2]", 0, 8) + "}", 8), "overlap" },
        { "gap", Build("{" + Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "F32", "[2]", 16, 24) + "}", 24), "unused" },
        { "trailing bytes", Build("{" + Entry("a", "F64", "[3]", 0, 24) + "}", 32), "cover only 24" },
        { "metadata int", Build("{\"__metadata__\":{\"epoch\":3}}", 0), "__metadata__ value for key 'epoch' is a JSON number, not a string" },
        { "metadata list", Build("{\"__metadata__\":[\"a\"]}", 0), "__metadata__ is a JSON array" },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_input_is_an_InvalidDataException(string label, byte[] bytes, string fragment)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(bytes));
        Assert.True(e.Message.Contains(fragment, StringComparison.Ordinal), $"{label}: message '{e.Message}' lacks '{fragment}'");
        Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new ForwardOnlyStream(bytes)));
    }

    [Fact]
    public void Errors_name_the_file()
    {
        using var dir = new ScratchDir();
        string path = dir.File("broken.safetensors");
        File.WriteAllBytes(path, Build("{" + Entry("layer.0.weight", "F16", "[2]", 0, 4) + "}", 4));
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("layer.0.weight", e.Message);
        Assert.Contains("F16 is not supported", e.Message);
    }

    [Fact]
    public void The_header_alone_lists_tensors_of_any_dtype_that_read_refuses()
    {
        using var dir = new ScratchDir();
        string path = dir.File("half.safetensors");
        File.WriteAllBytes(path, Build("{" + Entry("h", "F16", "[2, 3]", 0, 12) + "," + Entry("b", "BF16", "[2]", 12, 16) + "," + Entry("m", "BOOL", "[4]", 16, 20) + "}", 20));
        var header = SafeTensors.ReadHeader(path);
        Assert.Equal(new[] { "h", "b", "m" }, header.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { "F16", "BF16", "BOOL" }, header.Tensors.Select(t => t.DType));
        Assert.Equal(new[] { 2, 3 }, header.Tensors[0].Shape);
        Assert.Equal(6, header.Tensors[0].Values);
        // The sizes are still checked: an F16 tensor whose offsets span 4-byte elements is refused.
        File.WriteAllBytes(path, Build("{" + Entry("h", "F16", "[2]", 0, 8) + "}", 8));
        Assert.Contains("needs 4", Assert.Throws<InvalidDataException>(() => SafeTensors.ReadHeader(path)).Message);
        // Reading the data still names the unsupported dtype.
        File.WriteAllBytes(path, Build("{" + Entry("h", "F16", "[2]", 0, 4) + "}", 4));
        Assert.Contains("dtype F16 is not supported", Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path)).Message);
    }

    [Theory]
    [InlineData("F4", "[3]", 2)]       // 12 bits pack into 2 bytes
    [InlineData("F6_E2M3", "[4]", 3)]  // 24 bits
    [InlineData("F8_E8M0", "[5]", 5)]
    [InlineData("C64", "[2]", 16)]
    public void Packed_and_newer_dtypes_are_sized_in_bits(string dtype, string shape, int bytes)
    {
        using var dir = new ScratchDir();
        string path = dir.File("t.safetensors");
        File.WriteAllBytes(path, Build("{" + Entry("t", dtype, shape, 0, bytes) + "}", bytes));
        Assert.Equal(dtype, SafeTensors.ReadHeader(path).Tensors[0].DType);
        File.WriteAllBytes(path, Build("{" + Entry("t", dtype, shape, 0, bytes + 1) + "}", bytes + 1));
        Assert.Contains($"needs {bytes}", Assert.Throws<InvalidDataException>(() => SafeTensors.ReadHeader(path)).Message);
    }

    [Fact]
    public async Task A_pipe_reads_like_a_file()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/mkfifo")) return; // FIFOs: Linux, where CI runs
        using var dir = new ScratchDir();
        string fifo = dir.File("pipe");
        using (var mk = System.Diagnostics.Process.Start("/usr/bin/mkfifo", fifo)) mk.WaitForExit();
        byte[] bytes = Build("{" + Entry("w", "F32", "[2]", 0, 8) + "}", 8);
        var writer = Task.Run(() => File.WriteAllBytes(fifo, bytes));
        var file = SafeTensors.Read(fifo);
        await writer;
        Assert.Equal(new[] { 2 }, file["w"].ShapeArray);
    }

    [Theory]
    [InlineData("{\"\\udc00\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}")]
    [InlineData("{\"__metadata__\":{\"k\":\"\\ud800\"},\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}")]
    public void A_lone_surrogate_escape_in_the_header_is_invalid_data_naming_the_file(string header)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(Build(header, 4)));
        Assert.Contains("safetensors", e.Message);
        Assert.Contains("not valid text", e.Message);
    }

    [Fact]
    public void Null_metadata_and_unknown_entry_fields_are_accepted()
    {
        var file = SafeTensors.Read(Build("{\"__metadata__\":null,\"w\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4],\"extra\":1}}   ", 4));
        Assert.Empty(file.Metadata);
        Assert.Equal(0, file["w"].Rank);
    }

    [Fact]
    public void Fuzz_truncations_and_header_byte_flips_only_raise_InvalidDataException()
    {
        using var ms = new MemoryStream();
        SafeTensors.Write(ms, AllSamples(), Meta);
        var valid = ms.ToArray();
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);

        // Every proper prefix is missing bytes the header promises.
        for (int length = 0; length < valid.Length; length++)
            Assert.Throws<InvalidDataException>(() => SafeTensors.Read(valid[..length]));

        var random = new Random(20240611);
        int succeeded = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            var bytes = (byte[])valid.Clone();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++)
            {
                int at = random.Next(headerEnd);
                bytes[at] = random.Next(2) == 0 ? (byte)(bytes[at] ^ (1 << random.Next(8))) : (byte)random.Next(256);
            }
            try
            {
                SafeTensors.Read(bytes);
                succeeded++;
            }
            catch (InvalidDataException)
            {
            }
        }
        Assert.True(succeeded < 3000, "some flips must be detected");
    }

    [Theory]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4, 0, 0, 8, 8 }, "a zip archive")]       // torch.save (PyTorch 1.6 and later)
    [InlineData(new byte[] { 0x80, 2, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46 }, "a pickle")]       // torch.save(..., _use_new_zipfile_serialization=False)
    public void A_torch_save_file_is_named_with_the_way_to_write_safetensors(byte[] start, string kind)
    {
        using var dir = new ScratchDir();
        string path = dir.File("gru.pt");
        File.WriteAllBytes(path, [.. start, .. new byte[200]]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));
        Assert.Contains($"is a torch.save file ({kind}), not safetensors", e.Message);
        Assert.Contains("safetensors.torch.save_file(model.state_dict(), path)", e.Message);
        Assert.Contains("tools/golden/safetensors_out.py", e.Message);
    }
}
