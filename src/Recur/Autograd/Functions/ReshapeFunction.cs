// Reshape: the same elements under a new shape (one -1 entry is inferred). Tensors are contiguous, so
// the result is always a view sharing storage. Backward: dX += dY (same row-major order).
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class ReshapeFunction : Node
{
    private ReshapeFunction(Tensor x) : base(x) { }

    public override string Name => "ReshapeBackward";

    internal static Tensor Forward(Tensor x, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(shape);
        var newShape = InferShape(x, shape);
        var y = new Tensor(x.Storage, x.Offset, newShape);
        new ReshapeFunction(x).Attach(y);
        return y;
    }

    private static int[] InferShape(Tensor x, int[] shape)
    {
        var result = (int[])shape.Clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] == -1)
            {
                if (inferred >= 0)
                    throw new ArgumentException($"reshape: only one dimension can be inferred, but shape {Shapes.Format(shape)} has several -1 entries (input shape {Shapes.Format(x.Shape)}).");
                inferred = i;
            }
            else if (result[i] < 0)
                throw new ArgumentException($"reshape: invalid shape dimension {result[i]} in {Shapes.Format(shape)} (input shape {Shapes.Format(x.Shape)}).");
            else
                known *= result[i];
        }
        if (inferred >= 0)
        {
            if (known == 0 || x.Length % known != 0)
                throw new ArgumentException($"reshape: shape {Shapes.Format(shape)} is invalid for input of shape {Shapes.Format(x.Shape)} (size {x.Length}).");
            result[inferred] = (int)(x.Length / known);
        }
        else if (known != x.Length)
            throw new ArgumentException($"reshape: shape {Shapes.Format(shape)} is invalid for input of shape {Shapes.Format(x.Shape)} (size {x.Length}).");
        return result;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsGrad(0)) return;
        var dX = context.GradInput(0);
        TensorPrimitives.Add(dX, context.GradOutput(), dX);
    }
}
