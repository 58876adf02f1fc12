// IOTestFiles: shared helpers for the IO tests: the golden fixture folder (found by walking up to the
// repository root, so the test project needs no copy step), sample arrays of every dtype and awkward
// shape, and bitwise comparison of arrays (so NaN and -0.0 compare exactly).
using System.Runtime.InteropServices;
using Recur.IO;

namespace Recur.Tests.IO;

internal static class IOTestFiles
{
    /// <summary>tests/golden/io in this checkout.</summary>
    public static string GoldenDir { get; } = Path.Combine(TestUtil.RepoRoot, "tests", "golden", "io");

    public static string Golden(string name) => Path.Combine(GoldenDir, name);

    /// <summary>The raw little-endian bytes of every element, for exact comparison.</summary>
    public static byte[] RawBytes(NdArray a) => a.Data switch
    {
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()).ToArray(),
        double[] d => MemoryMarshal.AsBytes(d.AsSpan()).ToArray(),
        int[] n => MemoryMarshal.AsBytes(n.AsSpan()).ToArray(),
        long[] l => MemoryMarshal.AsBytes(l.AsSpan()).ToArray(),
        _ => throw new InvalidOperationException(a.Data.GetType().Name),
    };

    /// <summary>Asserts same dtype, shape and bit-identical elements.</summary>
    public static void AssertSame(NdArray expected, NdArray actual, string what = "array")
    {
        Assert.True(expected.DType == actual.DType, $"{what}: dtype {actual.DType}, expected {expected.DType}");
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{what}: shape [{string.Join(", ", actual.ShapeArray)}], expected [{string.Join(", ", expected.ShapeArray)}]");
        Assert.Equal(RawBytes(expected), RawBytes(actual));
    }

    /// <summary>One array of every dtype and the awkward shapes: 0-d, empty, 1-D, 3-D.</summary>
    public static IEnumerable<(string Name, NdArray Array)> Samples()
    {
        yield return ("f32", NdArray.FromFloat32([1.5f, -2f, float.NaN, -0f, float.PositiveInfinity, float.Epsilon], [2, 3]));
        yield return ("f64", NdArray.FromFloat64([Math.PI, double.NegativeInfinity, -0.0, double.Epsilon], [4]));
        yield return ("i32", NdArray.FromInt32([int.MinValue, -1, 0, int.MaxValue, 7, 8, 9, 10], [2, 2, 2]));
        yield return ("i64", NdArray.FromInt64([long.MinValue, long.MaxValue, 1L << 53 | 1], [3, 1]));
        yield return ("f32.scalar", NdArray.FromFloat32([0.25f], []));
        yield return ("i64.scalar", NdArray.FromInt64([-42], []));
        yield return ("f64.empty", NdArray.FromFloat64([], [0, 3]));
        yield return ("i32.empty", NdArray.FromInt32([], [2, 0, 5]));
    }
}
