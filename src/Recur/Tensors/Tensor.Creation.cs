// Tensor creation: zeros, ones, full, from arrays, and random tensors from an explicit Generator.
namespace Recur.Tensors;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros with the given shape.</summary>
    public static Tensor Zeros(params int[] shape) => new(new float[Shapes.Count(shape)], 0, (int[])shape.Clone());

    /// <summary>A tensor of ones with the given shape.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = Uninitialized((int[])shape.Clone());
        t.Data.Fill(value);
        return t;
    }

    /// <summary>A zero-rank tensor holding one value.</summary>
    public static Tensor Scalar(float value) => new([value], 0, []);

    /// <summary>A tensor holding a copy of <paramref name="data"/>, viewed with <paramref name="shape"/> (default: 1-D).</summary>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        int[] s = shape.Length == 0 ? [data.Length] : (int[])shape.Clone();
        if (Shapes.Count(s) != data.Length)
            throw new ArgumentException($"FromArray: shape {Shapes.Format(s)} is invalid for input of size {data.Length}.");
        return new((float[])data.Clone(), 0, s);
    }

    /// <summary>A 2-D tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(float[,] data)
    {
        int rows = data.GetLength(0), cols = data.GetLength(1);
        var t = Uninitialized([rows, cols]);
        var dst = t.Data;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                dst[r * cols + c] = data[r, c];
        return t;
    }

    /// <summary>A tensor with values drawn from U(<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor Uniform(Generator generator, float low, float high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!(low <= high))
            throw new ArgumentException($"Uniform: expected low <= high, but got low={low}, high={high}.");
        AllocationBudget.Take(Shapes.Count(shape));
        var t = Uninitialized((int[])shape.Clone());
        generator.FillUniform(t.Data, low, high);
        return t;
    }

    /// <summary>A tensor with values drawn from N(<paramref name="mean"/>, <paramref name="std"/>^2).</summary>
    public static Tensor Normal(Generator generator, float mean, float std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!(std >= 0))
            throw new ArgumentException($"Normal: expected std >= 0, but got std={std}.");
        AllocationBudget.Take(Shapes.Count(shape));
        var t = Uninitialized((int[])shape.Clone());
        generator.FillNormal(t.Data, mean, std);
        return t;
    }

    /// <summary>A tensor of zeros with the same shape as <paramref name="other"/>.</summary>
    public static Tensor ZerosLike(Tensor other) => Zeros(other._shape);
}
