// Tests of Npy: round trips of every dtype (0-d and empty included) through files, bytes and streams;
// NumPy's header layout (version 1.0, 64-byte aligned, trailing newline); versions 2.0/3.0 and byte-order
// variants; and every malformed input, built by hand, failing with InvalidDataException naming the problem.
using System.Buffers.Binary;
using System.Text;
using Recur.IO;

namespace Recur.Tests.IO;

public class NpyTests
{
    public static TheoryData<string> SampleNames() => [.. IOTestFiles.Samples().Select(s => s.Name)];

    private static NdArray Sample(string name) => IOTestFiles.Samples().Single(s => s.Name == name).Array;

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Round_trips_through_a_file(string name)
    {
        using var dir = new ScratchDir();
        string path = dir.File(name + ".npy");
        var a = Sample(name);
        Npy.Write(path, a);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        IOTestFiles.AssertSame(a, Npy.Read(path), name);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Round_trips_through_bytes_and_unseekable_streams(string name)
    {
        var a = Sample(name);
        var bytes = ToBytes(a);
        IOTestFiles.AssertSame(a, Npy.Read(bytes), name);
        IOTestFiles.AssertSame(a, Npy.Read(new ForwardOnlyStream(bytes)), name);
    }

    [Fact]
    public void Header_matches_numpy_layout()
    {
        var bytes = ToBytes(NdArray.FromFloat32([1, 2, 3, 4, 5, 6], [2, 3]));
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + 24, bytes.Length);

        Assert.Contains("'shape': (5,), }", Encoding.ASCII.GetString(ToBytes(NdArray.FromInt64(new long[5], [5]))));
        Assert.Contains("'descr': '<f8', 'fortran_order': False, 'shape': (), }", Encoding.ASCII.GetString(ToBytes(NdArray.FromFloat64([1], []))));
        Assert.Contains("'descr': '<i4', 'fortran_order': False, 'shape': (0, 2), }", Encoding.ASCII.GetString(ToBytes(NdArray.FromInt32([], [0, 2]))));
    }

    [Fact]
    public void Consecutive_arrays_are_read_from_one_stream()
    {
        using var ms = new MemoryStream();
        Npy.Write(ms, Sample("f32"));
        Npy.Write(ms, Sample("i64.scalar"));
        ms.Position = 0;
        IOTestFiles.AssertSame(Sample("f32"), Npy.Read(ms));
        IOTestFiles.AssertSame(Sample("i64.scalar"), Npy.Read(ms));
        Assert.Equal(ms.Length, ms.Position);
    }

    [Fact]
    public async Task A_pipe_reads_like_a_file()
    {
        // recur run --input <(cat x.npy): the file cannot seek; it used to crash with NotSupportedException.
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/mkfifo")) return; // FIFOs: Linux, where CI runs
        using var dir = new ScratchDir();
        string fifo = dir.File("pipe.npy");
        using (var mk = System.Diagnostics.Process.Start("/usr/bin/mkfifo", fifo)) mk.WaitForExit();
        using var ms = new MemoryStream();
        Npy.Write(ms, NdArray.FromFloat32([1f, 2f, 3f], [3]));
        byte[] bytes = ms.ToArray();
        var writer = Task.Run(() => File.WriteAllBytes(fifo, bytes));
        var array = Npy.Read(fifo);
        await writer;
        Assert.Equal(new[] { 1f, 2f, 3f }, array.AsFloat32());
    }

    [Fact]
    public void Write_overwrites_an_existing_file()
    {
        using var dir = new ScratchDir();
        string path = dir.File("a.npy");
        File.WriteAllText(path, "not numpy");
        Npy.Write(path, Sample("i32"));
        IOTestFiles.AssertSame(Sample("i32"), Npy.Read(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("<i4", false)]
    [InlineData("|i4", false)]
    [InlineData("=i4", false)]
    [InlineData("i4", false)]
    [InlineData(">i4", true)]
    public void Byte_order_variants(string descr, bool bigEndian)
    {
        var data = new byte[8];
        if (bigEndian) { BinaryPrimitives.WriteInt32BigEndian(data, 7); BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), -2); }
        else { BinaryPrimitives.WriteInt32LittleEndian(data, 7); BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), -2); }
        var a = Npy.Read(Build($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2,), }}", data));
        Assert.Equal(new[] { 7, -2 }, a.AsInt32());
    }

    [Fact]
    public void Big_endian_floats_are_byte_swapped()
    {
        var data = new byte[16];
        BinaryPrimitives.WriteDoubleBigEndian(data, -1.25);
        BinaryPrimitives.WriteDoubleBigEndian(data.AsSpan(8), double.NaN);
        var a = Npy.Read(Build("{'descr': '>f8', 'fortran_order': False, 'shape': (1, 2), }", data));
        Assert.Equal(-1.25, a.AsFloat64()[0]);
        Assert.True(double.IsNaN(a.AsFloat64()[1]));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Versions_2_and_3_are_read(byte major)
    {
        var a = Npy.Read(Build("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L, 1L)}  \n", new byte[8], major));
        Assert.Equal(new[] { 2, 1 }, a.ShapeArray);
    }

    // ------------------------------------------------------------ malformed input

    private static byte[] ToBytes(NdArray a)
    {
        using var ms = new MemoryStream();
        Npy.Write(ms, a);
        return ms.ToArray();
    }

    private static byte[] Build(string header, byte[] data, byte major = 1, byte minor = 0, long? declaredLength = null) =>
        BuildRaw(Encoding.Latin1.GetBytes(header), data, major, minor, declaredLength);

    private static byte[] BuildRaw(byte[] header, byte[] data, byte major = 1, byte minor = 0, long? declaredLength = null)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        var bytes = new byte[8 + lengthBytes + header.Length + data.Length];
        byte[] magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        magic.CopyTo(bytes, 0);
        bytes[6] = major;
        bytes[7] = minor;
        long n = declaredLength ?? header.Length;
        if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)n);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)n);
        header.CopyTo(bytes, 8 + lengthBytes);
        data.CopyTo(bytes, 8 + lengthBytes + header.Length);
        return bytes;
    }

    private static string Dict(string descr = "'<f4'", string fortran = "False", string shape = "(2,)") =>
        $"{{'descr': {descr}, 'fortran_order': {fortran}, 'shape': {shape}, }}";

    public static TheoryData<string, byte[], string> MalformedCases() => new()
    {
        { "empty", [], "too short" },
        { "7 bytes", [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1], "too short" },
        { "bad magic", Encoding.ASCII.GetBytes("PK\x03\x04 this is a zip file"), "does not start with the .npy magic" },
        { "short bad magic", [1, 2, 3], "does not start with the .npy magic" },
        { "version 4.0", Build(Dict(), new byte[8], major: 4), "format version 4.0 is not supported" },
        { "version 1.1", Build(Dict(), new byte[8], minor: 1), "format version 1.1 is not supported" },
        { "no length", [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 5], "inside the header length" },
        { "header past end", Build(Dict(), [], declaredLength: 5000), "header length 5000 is larger" },
        { "header > limit", Build(Dict(), [], major: 2, declaredLength: 0xFFFF_FFF0), "exceeds the" },
        { "not a dict", Build("['descr', '<f4']", new byte[8]), "expected '{'" },
        { "missing descr", Build("{'fortran_order': False, 'shape': (2,)}", new byte[8]), "no 'descr'" },
        { "missing shape", Build("{'descr': '<f4', 'fortran_order': False}", new byte[8]), "no 'shape'" },
        { "missing fortran", Build("{'descr': '<f4', 'shape': (2,)}", new byte[8]), "no 'fortran_order'" },
        { "extra key", Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", new byte[8]), "unexpected key 'x'" },
        { "duplicate key", Build("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", new byte[8]), "'descr' appears twice" },
        { "unterminated string", Build("{'descr': '<f4", new byte[8]), "unterminated string" },
        { "missing brace", Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", new byte[8]), "expected ',' or '}'" },
        { "garbage after", Build(Dict() + " __import__('os')", new byte[8]), "after the closing" },
        { "fortran yes", Build(Dict(fortran: "'yes'"), new byte[8]), "True or False" },
        { "Truex", Build(Dict(fortran: "Truex"), new byte[8]), "True or False" },
        { "float16", Build(Dict(descr: "'<f2'"), new byte[4]), "dtype '<f2' is not supported; supported: <f4, <f8, <i4, <i8" },
        { "bool", Build(Dict(descr: "'|b1'"), new byte[2]), "dtype '|b1' is not supported" },
        { "object", Build(Dict(descr: "'|O'"), new byte[16]), "dtype '|O' is not supported" },
        { "unsigned", Build(Dict(descr: "'<u4'"), new byte[8]), "dtype '<u4' is not supported" },
        { "structured", Build(Dict(descr: "[('a', '<f4')]"), new byte[8]), "structured dtype" },
        { "descr not string", Build(Dict(descr: "4"), new byte[8]), "expected a quoted string" },
        { "fortran order", Build(Dict(fortran: "True", shape: "(2, 1)"), new byte[8]), "Fortran order, which is not supported; save it with np.save(path, np.ascontiguousarray(a))" },
        { "negative dim", Build(Dict(shape: "(-2,)"), new byte[8]), "shape entry 0 is negative" },
        { "huge dim", Build(Dict(shape: "(99999999999999999999999,)"), new byte[8]), "larger than 2147483647" },
        { "too many elements", Build(Dict(shape: "(100000, 100000)"), new byte[8]), "more than" },
        { "shape not tuple", Build(Dict(shape: "[2]"), new byte[8]), "expected '('" },
        { "shape int in parens", Build(Dict(shape: "(2)"), new byte[8]), "shape must be a tuple" },
        { "shape float", Build(Dict(shape: "(2.0,)"), new byte[8]), "expected ',' or ')'" },
        { "escape", Build(Dict(descr: "'<f\\x34'"), new byte[8]), "escape sequences" },
        { "truncated data", Build(Dict(shape: "(2, 3)"), new byte[20]), "shape [2, 3] of <f4 needs 24 data bytes but only 20 follow" },
        { "no data", Build(Dict(descr: "'<i8'", shape: "(1,)"), []), "needs 8 data bytes" },
        { "trailing bytes", Build(Dict(), new byte[12]), "4 bytes follow the array data" },
        { "v3 invalid utf8", BuildRaw([(byte)'{', 0xC3, 0x28, (byte)'}'], [], major: 3), "not valid UTF-8" },
        { "latin1 junk", BuildRaw([(byte)'{', 0xE9, (byte)'}'], [], major: 1), "expected a quoted string" },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_input_is_an_InvalidDataException(string label, byte[] bytes, string fragment)
    {
        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(bytes));
        Assert.True(e.Message.Contains(fragment, StringComparison.Ordinal), $"{label}: message '{e.Message}' lacks '{fragment}'");
        if (label != "trailing bytes")
            Assert.Throws<InvalidDataException>(() => Npy.Read(new ForwardOnlyStream(bytes)));
    }

    [Fact]
    public void An_empty_array_with_huge_other_axes_reads_as_empty()
    {
        var a = Npy.Read(Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 0), }\n", []));
        Assert.Equal(0, a.Length);
        Assert.Equal([2147483647, 2147483647, 0], a.ShapeArray);
        Assert.Contains("more than", Assert.Throws<InvalidDataException>(() =>
            Npy.Read(Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2), }\n", []))).Message);
    }

    [Fact]
    public void Errors_name_the_file()
    {
        using var dir = new ScratchDir();
        string path = dir.File("weights.npy");
        File.WriteAllBytes(path, Build(Dict(shape: "(4,)"), new byte[8]));
        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Fuzz_truncations_and_header_byte_flips_only_raise_InvalidDataException()
    {
        var valid = ToBytes(Sample("i32"));
        for (int length = 0; length < valid.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => Npy.Read(valid[..length]));
            Assert.Throws<InvalidDataException>(() => Npy.Read(new ForwardOnlyStream(valid[..length])));
        }

        int headerEnd = valid.Length - 32;
        var random = new Random(7321);
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
                Npy.Read(bytes);
                Npy.Read(new ForwardOnlyStream(bytes));
                succeeded++;
            }
            catch (InvalidDataException)
            {
            }
        }
        Assert.True(succeeded < 3000, "some flips must be detected");
    }
}
