// Shapes: helpers for tensor shapes (int arrays): element counts, axis normalisation, formatting,
// broadcasting. Shapes are formatted like PyTorch's sizes, e.g. [2, 3], in every error message.
namespace Recur.Tensors;

/// <summary>Static helpers for shapes, which Recur represents as <c>int[]</c> (row-major, outermost first).</summary>
public static class Shapes
{
    /// <summary>The number of elements of a tensor with this shape (1 for a scalar).</summary>
    public static int Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.");
            n *= d;
            if (n > Array.MaxLength)
                throw new ArgumentException($"Shape {Format(shape)} has more than {Array.MaxLength} elements.");
        }
        return (int)n;
    }

    /// <summary>Formats a shape as <c>[2, 3]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>Maps a possibly negative axis to [0, rank), or throws like PyTorch's dimension check.</summary>
    public static int NormalizeAxis(int axis, int rank, string op)
    {
        int r = Math.Max(rank, 1);
        if (axis < -r || axis >= r)
            throw new ArgumentOutOfRangeException(nameof(axis),
                $"{op}: Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {axis})");
        return axis < 0 ? axis + r : axis;
    }

    /// <summary>Product of dimensions [from, to).</summary>
    public static int Product(ReadOnlySpan<int> shape, int from, int to)
    {
        int n = 1;
        for (int i = from; i < to; i++) n *= shape[i];
        return n;
    }

    /// <summary>
    /// Splits <paramref name="shape"/> around a normalised <paramref name="axis"/> into (product of the axes
    /// before it, its size, product of the axes after it); a scalar is (1, 1, 1).
    /// </summary>
    internal static (int Outer, int N, int Inner) AroundAxis(ReadOnlySpan<int> shape, int axis)
    {
        if (shape.Length == 0) return (1, 1, 1);
        return (Product(shape, 0, axis), shape[axis], Product(shape, axis + 1, shape.Length));
    }

    /// <summary>True when both shapes have the same rank and dimensions.</summary>
    public static bool Equal(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>
    /// The broadcast shape of <paramref name="a"/> and <paramref name="b"/> (NumPy/PyTorch rules: align
    /// trailing axes; each pair must be equal or contain a 1).
    /// </summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string op)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(
                    $"{op}: The size of tensor a ({da}) must match the size of tensor b ({db}) at non-singleton " +
                    $"dimension {i}; shapes {Format(a)} and {Format(b)} cannot be broadcast.");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Row-major strides of <paramref name="shape"/>.</summary>
    internal static int[] Strides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /// <summary>
    /// Strides of <paramref name="shape"/> seen through <paramref name="outShape"/> after broadcasting:
    /// 0 on broadcast axes, aligned to the trailing axes of the output.
    /// </summary>
    internal static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> outShape)
    {
        var own = Strides(shape);
        var result = new int[outShape.Length];
        int lead = outShape.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
            result[lead + i] = shape[i] == 1 ? 0 : own[i];
        return result;
    }
}
