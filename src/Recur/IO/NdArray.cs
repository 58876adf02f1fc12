// NdArray: a typed, contiguous, C-order (row-major) array as stored in safetensors and .npy files.
// Holds one of float[] / double[] / int[] / long[] (by DType) and a shape; a 0-d array (shape []) has
// one element, an array with a 0 in its shape has none. Converts to and from float32 Tensors.
using Recur.Tensors;

namespace Recur.IO;

/// <summary>
/// An n-dimensional array of one <see cref="IO.DType"/>, in C (row-major) order: the unit that
/// <see cref="SafeTensors"/> and <see cref="Npy"/> read and write.
/// </summary>
public sealed class NdArray
{
    private readonly int[] _shape;

    private NdArray(DType dtype, Array data, int[] shape)
    {
        DType = dtype;
        Data = data;
        _shape = shape;
    }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The shape, outermost axis first; empty for a 0-d (scalar) array.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>A copy of the shape as an array.</summary>
    public int[] ShapeArray => (int[])_shape.Clone();

    /// <summary>The number of axes (0 for a scalar).</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements (product of the shape; 1 for a scalar).</summary>
    public int Length => Data.Length;

    /// <summary>Bytes per element: 4 for F32/I32, 8 for F64/I64.</summary>
    public int ItemSize => DTypeInfo.SizeOf(DType);

    /// <summary>
    /// The elements in C order: a <c>float[]</c>, <c>double[]</c>, <c>int[]</c> or <c>long[]</c> for
    /// F32, F64, I32, I64. This is the array's own storage, not a copy.
    /// </summary>
    public Array Data { get; }

    /// <summary>The F32 elements (the array's storage); throws <see cref="InvalidOperationException"/> for another dtype.</summary>
    public float[] AsFloat32() => Data as float[] ?? throw WrongDType(DType.F32);

    /// <summary>The F64 elements (the array's storage); throws <see cref="InvalidOperationException"/> for another dtype.</summary>
    public double[] AsFloat64() => Data as double[] ?? throw WrongDType(DType.F64);

    /// <summary>The I32 elements (the array's storage); throws <see cref="InvalidOperationException"/> for another dtype.</summary>
    public int[] AsInt32() => Data as int[] ?? throw WrongDType(DType.I32);

    /// <summary>The I64 elements (the array's storage); throws <see cref="InvalidOperationException"/> for another dtype.</summary>
    public long[] AsInt64() => Data as long[] ?? throw WrongDType(DType.I64);

    /// <summary>An F32 array holding a copy of <paramref name="data"/> with <paramref name="shape"/> (<c>[]</c> for a scalar).</summary>
    public static NdArray FromFloat32(float[] data, int[] shape) => Create(DType.F32, (float[])Checked(data).Clone(), shape);

    /// <summary>An F64 array holding a copy of <paramref name="data"/> with <paramref name="shape"/> (<c>[]</c> for a scalar).</summary>
    public static NdArray FromFloat64(double[] data, int[] shape) => Create(DType.F64, (double[])Checked(data).Clone(), shape);

    /// <summary>An I32 array holding a copy of <paramref name="data"/> with <paramref name="shape"/> (<c>[]</c> for a scalar).</summary>
    public static NdArray FromInt32(int[] data, int[] shape) => Create(DType.I32, (int[])Checked(data).Clone(), shape);

    /// <summary>An I64 array holding a copy of <paramref name="data"/> with <paramref name="shape"/> (<c>[]</c> for a scalar).</summary>
    public static NdArray FromInt64(long[] data, int[] shape) => Create(DType.I64, (long[])Checked(data).Clone(), shape);

    /// <summary>An F32 array holding a copy of the tensor's elements and shape (a 0-d tensor gives a 0-d array).</summary>
    public static NdArray FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new NdArray(DType.F32, tensor.ReadOnlyData.ToArray(), tensor.ShapeArray);
    }

    /// <summary>
    /// A float32 tensor with this array's shape and a copy of its elements. F32 is copied exactly;
    /// F64, I32 and I64 are converted to the nearest float32 (integers above 2^24 in magnitude and
    /// doubles lose precision, as <c>torch.Tensor.float()</c> does).
    /// </summary>
    public Tensor ToTensor()
    {
        var values = new float[Length];
        switch (Data)
        {
            case float[] f: f.CopyTo(values, 0); break;
            case double[] d: for (int i = 0; i < d.Length; i++) values[i] = (float)d[i]; break;
            case int[] n: for (int i = 0; i < n.Length; i++) values[i] = n[i]; break;
            case long[] l: for (int i = 0; i < l.Length; i++) values[i] = l[i]; break;
        }
        return new Tensor(values, 0, (int[])_shape.Clone());
    }

    /// <inheritdoc/>
    public override string ToString() => $"NdArray({DTypeInfo.SafeTensorsName(DType)}, {Shapes.Format(_shape)})";

    /// <summary>Wraps <paramref name="data"/> without copying; the readers use it after validating sizes.</summary>
    internal static NdArray Wrap(DType dtype, Array data, int[] shape) => new(dtype, data, shape);

    /// <summary>Allocates a zeroed array of <paramref name="count"/> elements of <paramref name="dtype"/>.</summary>
    internal static Array Allocate(DType dtype, int count) => dtype switch
    {
        DType.F32 => new float[count],
        DType.F64 => new double[count],
        DType.I32 => new int[count],
        DType.I64 => new long[count],
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    private static NdArray Create(DType dtype, Array data, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int[] s = (int[])shape.Clone();
        int count = Shapes.Count(s);
        if (count != data.Length)
            throw new ArgumentException($"NdArray: shape {Shapes.Format(s)} needs {count} elements but the data has {data.Length}.", nameof(shape));
        return new NdArray(dtype, data, s);
    }

    private static T Checked<T>(T data) where T : class
    {
        ArgumentNullException.ThrowIfNull(data);
        return data;
    }

    private InvalidOperationException WrongDType(DType wanted) =>
        new($"This array holds {DTypeInfo.SafeTensorsName(DType)} elements, not {DTypeInfo.SafeTensorsName(wanted)}; use As{AccessorName(DType)}() or ToTensor().");

    private static string AccessorName(DType dtype) => dtype switch
    {
        DType.F32 => "Float32",
        DType.F64 => "Float64",
        DType.I32 => "Int32",
        _ => "Int64",
    };
}
