// Tensor: a float32, contiguous, row-major n-dimensional array with reverse-mode autograd.
// A tensor is a window (offset, shape) on a float[] storage; views share storage. Shapes use the legend
// of the file they appear in; every op validates shapes at this public edge and names both in errors.
using Recur.Autograd;

namespace Recur.Tensors;

/// <summary>
/// A float32 tensor: contiguous and row-major, possibly a view (by offset) on another tensor's storage.
/// When <see cref="RequiresGrad"/> is set, ops record an autograd graph and <see cref="Backward"/>
/// accumulates gradients into the leaves' <see cref="Grad"/>.
/// </summary>
public sealed partial class Tensor
{
    private readonly int[] _shape;
    private bool _requiresGrad;

    internal readonly float[] Storage;
    internal readonly int Offset;

    /// <summary>The node that produced this tensor, or null for a leaf.</summary>
    internal Node? GradFn;

    /// <summary>Which output of <see cref="GradFn"/> this tensor is.</summary>
    internal int OutputIndex;

    internal Tensor(float[] storage, int offset, int[] shape)
    {
        Storage = storage;
        Offset = offset;
        _shape = shape;
        Length = Shapes.Count(shape);
        if (offset < 0 || offset + Length > storage.Length)
            throw new ArgumentException($"A view of shape {Shapes.Format(shape)} at offset {offset} does not fit in a storage of {storage.Length} elements.");
    }

    /// <summary>The shape, outermost axis first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>A copy of the shape as an array.</summary>
    public int[] ShapeArray => (int[])_shape.Clone();

    /// <summary>The number of axes (0 for a scalar).</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The size of one axis; negative axes count from the end.</summary>
    public int Size(int axis) => Rank == 0
        ? throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Size: dimension specified as {axis} but tensor has no dimensions.")
        : _shape[Shapes.NormalizeAxis(axis, Rank, "Size")];

    /// <summary>The elements in row-major order. Writing to it changes the tensor (and every view that shares it).</summary>
    public Span<float> Data => new(Storage, Offset, Length);

    /// <summary>The elements as a read-only span.</summary>
    public ReadOnlySpan<float> ReadOnlyData => new(Storage, Offset, Length);

    /// <summary>The gradient accumulated by <see cref="Backward"/>: same shape as this tensor, or null.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>True for a tensor created by the user (not by an op that records a graph).</summary>
    public bool IsLeaf => GradFn == null;

    /// <summary>
    /// Whether ops on this tensor record a graph for <see cref="Backward"/>. Only leaves can be set;
    /// results of recorded ops require grad automatically.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (!IsLeaf && !value)
                throw new InvalidOperationException(
                    "You can only change RequiresGrad of leaf tensors. Use Detach() to get a tensor that does not require grad.");
            _requiresGrad = value;
        }
    }

    /// <summary>The name of the op that produced this tensor, or null for a leaf.</summary>
    public string? GradFnName => GradFn?.Name;

    internal static Tensor Uninitialized(int[] shape) => new(GC.AllocateUninitializedArray<float>(Shapes.Count(shape)), 0, shape);

    internal void SetRequiresGradFromOp() => _requiresGrad = true;

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, for chaining.</summary>
    public Tensor RequireGrad(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (Length != 1)
            throw new InvalidOperationException($"Item(): a Tensor with {Length} elements cannot be converted to a scalar.");
        return Storage[Offset];
    }

    /// <summary>A copy of the elements in row-major order.</summary>
    public float[] ToArray() => ReadOnlyData.ToArray();

    /// <summary>The element at a full index (one entry per axis).</summary>
    public float GetValue(params int[] index) => Storage[Offset + FlatIndex(index)];

    /// <summary>Sets the element at a full index (one entry per axis). Not recorded by autograd.</summary>
    public void SetValue(float value, params int[] index) => Storage[Offset + FlatIndex(index)] = value;

    private int FlatIndex(int[] index)
    {
        if (index.Length != Rank)
            throw new ArgumentException($"An index of {index.Length} entries was given for a tensor of rank {Rank} (shape {Shapes.Format(_shape)}).");
        int flat = 0;
        for (int i = 0; i < index.Length; i++)
        {
            int d = _shape[i];
            int ix = index[i] < 0 ? index[i] + d : index[i];
            if (ix < 0 || ix >= d)
                throw new IndexOutOfRangeException($"index {index[i]} is out of bounds for dimension {i} with size {d}");
            flat = flat * d + ix;
        }
        return flat;
    }

    /// <summary>A new tensor that shares storage with this one but is cut from the graph (no grad).</summary>
    public Tensor Detach() => new(Storage, Offset, _shape);

    /// <summary>
    /// A deep copy of the data that stays in the graph, as PyTorch's clone(): gradients flow back to this
    /// tensor. <c>Detach().Clone()</c> gives a copy cut from the graph.
    /// </summary>
    public Tensor Clone() => Autograd.Functions.CloneFunction.Forward(this);

    /// <summary>Sets <see cref="Grad"/> to null (the next backward allocates it) or fills it with zeros.</summary>
    public void ZeroGrad(bool setToNull = false)
    {
        if (setToNull) Grad = null;
        else Grad?.Data.Clear();
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("Tensor(shape=").Append(Shapes.Format(_shape));
        if (GradFn != null) sb.Append(", grad_fn=").Append(GradFn.Name);
        else if (RequiresGrad) sb.Append(", requires_grad=True");
        sb.Append(", data=[");
        int n = Math.Min(Length, 8);
        for (int i = 0; i < n; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(Storage[Offset + i].ToString("G6", System.Globalization.CultureInfo.InvariantCulture));
        }
        if (Length > n) sb.Append(", ...");
        return sb.Append("])").ToString();
    }
}
