// Golden interop tests: files written by NumPy (np.save, write_array versions 2.0/3.0, big-endian,
// Fortran order) and by an independent safetensors writer, all from tools/golden/make_io_fixtures.py,
// read bit-exactly against expected.json; files Recur writes reproduce them. Set RECUR_IO_EXPORT_DIR
// to keep Recur's files, then run `python3 tools/golden/make_io_fixtures.py --check DIR` to verify them.
using System.Text.Json;
using Recur.IO;

namespace Recur.Tests.IO;

public class IOGoldenTests
{
    private static readonly JsonElement Expected =
        JsonDocument.Parse(File.ReadAllBytes(IOTestFiles.Golden("expected.json"))).RootElement;

    /// <summary>Checks dtype, shape and every element (floats by bit pattern) against an expected.json entry.</summary>
    private static void AssertMatches(JsonElement expected, NdArray actual, string what)
    {
        Assert.Equal(expected.GetProperty("dtype").GetString(), actual.DType.ToString());
        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), actual.ShapeArray);
        switch (actual.Data)
        {
            case float[] f:
                Assert.Equal(Values(expected, "bits", e => e.GetUInt32()), f.Select(BitConverter.SingleToUInt32Bits));
                break;
            case double[] d:
                Assert.Equal(Values(expected, "bits", e => e.GetUInt64()), d.Select(BitConverter.DoubleToUInt64Bits));
                break;
            case int[] n:
                Assert.Equal(Values(expected, "values", e => e.GetInt32()), n);
                break;
            case long[] l:
                Assert.Equal(Values(expected, "values", e => e.GetInt64()), l);
                break;
            default:
                Assert.Fail($"{what}: unexpected data type {actual.Data.GetType()}");
                break;
        }
    }

    private static T[] Values<T>(JsonElement expected, string key, Func<JsonElement, T> get) =>
        [.. expected.GetProperty(key).EnumerateArray().Select(get)];

    public static TheoryData<string> NpyFixtures() =>
        [.. Expected.EnumerateObject().Select(p => p.Name).Where(n => n.EndsWith(".npy", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(NpyFixtures))]
    public void Reads_numpy_files_exactly(string name)
    {
        var array = Npy.Read(IOTestFiles.Golden(name));
        AssertMatches(Expected.GetProperty(name), array, name);
    }

    [Fact]
    public void Numpy_fortran_order_file_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(IOTestFiles.Golden("fortran.npy")));
        Assert.Contains("Fortran order", e.Message);
        Assert.Contains("np.ascontiguousarray", e.Message);
        Assert.Contains("fortran.npy", e.Message);
    }

    [Fact]
    public void Numpy_float16_file_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(IOTestFiles.Golden("float16.npy")));
        Assert.Contains("'<f2' is not supported", e.Message);
    }

    [Fact]
    public void Reads_the_independent_safetensors_file_exactly()
    {
        var file = SafeTensors.Read(IOTestFiles.Golden("model.safetensors"));
        var expected = Expected.GetProperty("model.safetensors");
        var meta = expected.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(meta.OrderBy(kv => kv.Key), file.Metadata.OrderBy(kv => kv.Key));
        var tensors = expected.GetProperty("tensors").EnumerateArray().ToArray();
        Assert.Equal(tensors.Select(t => t[0].GetString()), file.Names);
        foreach (var t in tensors)
            AssertMatches(t[1], file[t[0].GetString()!], t[0].GetString()!);
    }

    [Fact]
    public void Recur_writes_what_the_goldens_hold()
    {
        string? export = Environment.GetEnvironmentVariable("RECUR_IO_EXPORT_DIR");
        using var scratch = new ScratchDir();
        string dir = string.IsNullOrEmpty(export) ? scratch.Path : Directory.CreateDirectory(export).FullName;

        // safetensors: same tensors, order and metadata give the same bytes as the independent writer.
        var golden = SafeTensors.Read(IOTestFiles.Golden("model.safetensors"));
        string st = Path.Combine(dir, "model.safetensors");
        SafeTensors.Write(st, golden.Tensors, golden.Metadata);
        Assert.Equal(File.ReadAllBytes(IOTestFiles.Golden("model.safetensors")), File.ReadAllBytes(st));

        // .npy: NumPy's arrays written by Recur read back bit-exactly, and the data bytes equal NumPy's.
        foreach (string name in new[] { "f4", "f8", "i4", "i8", "scalar", "cube", "empty" })
        {
            string source = IOTestFiles.Golden(name + ".npy");
            var array = Npy.Read(source);
            string path = Path.Combine(dir, name + ".npy");
            Npy.Write(path, array);
            var written = File.ReadAllBytes(path);
            Assert.Equal(0, (written.Length - array.Length * array.ItemSize) % 64);
            AssertMatches(Expected.GetProperty(name + ".npy"), Npy.Read(path), name);
            var numpyBytes = File.ReadAllBytes(source);
            int dataBytes = array.Length * array.ItemSize;
            Assert.Equal(numpyBytes[^dataBytes..], written[^dataBytes..]);
        }
    }
}
