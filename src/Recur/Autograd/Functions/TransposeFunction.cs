// Transpose of the last two axes: [..., M, N] -> [..., N, M], a copy (tensors are contiguous).
// Backward: dX += the transpose of dY.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class TransposeFunction : Node
{
    private readonly int _batch, _rows, _cols; // of the input

    private TransposeFunction(Tensor x, int batch, int rows, int cols) : base(x) => (_batch, _rows, _cols) = (batch, rows, cols);

    public override string Name => "TransposeBackward";

    internal static Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 2)
            throw new ArgumentException($"transpose: expected a tensor with at least 2 dimensions, but got shape {Shapes.Format(x.Shape)}.");
        var shape = x.ShapeArray;
        int rows = shape[^2], cols = shape[^1];
        int batch = Shapes.Product(shape, 0, shape.Length - 2);
        (shape[^2], shape[^1]) = (cols, rows);
        var y = Tensor.Uninitialized(shape);
        var src = x.ReadOnlyData;
        var dst = y.Data;
        int block = rows * cols;
        for (int b = 0; b < batch; b++)
        {
            var s = src.Slice(b * block, block);
            var d = dst.Slice(b * block, block);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    d[j * rows + i] = s[i * cols + j];
        }
        new TransposeFunction(x, batch, rows, cols).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var dX = context.GradInput(0);
        int rows = _rows, cols = _cols, block = rows * cols;
        for (int b = 0; b < _batch; b++)
        {
            var s = g.Slice(b * block, block);
            var d = dX.Slice(b * block, block);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    d[i * cols + j] += s[j * rows + i];
        }
    }
}
