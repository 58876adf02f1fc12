// SwapAxes: exchanges two axes (a copy; tensors stay contiguous). Viewing the shape as
// [pre, A, mid, B, post], block (p, a, m, b) of post elements moves to (p, b, m, a). Backward swaps back.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class SwapAxesFunction : Node
{
    private readonly int _axis0, _axis1;

    private SwapAxesFunction(Tensor x, int axis0, int axis1) : base(x) => (_axis0, _axis1) = (axis0, axis1);

    public override string Name => "SwapAxesBackward";

    internal static Tensor Forward(Tensor x, int axis0, int axis1)
    {
        int a0 = Shapes.NormalizeAxis(axis0, x.Rank, "swapaxes"), a1 = Shapes.NormalizeAxis(axis1, x.Rank, "swapaxes");
        if (x.Rank == 0) return x.Clone(); // axes 0 and -1 of a scalar are the scalar itself, as in PyTorch
        if (a0 > a1) (a0, a1) = (a1, a0);
        var shape = x.ShapeArray;
        (shape[a0], shape[a1]) = (shape[a1], shape[a0]);
        var y = Tensor.Uninitialized(shape);
        Copy(x.ReadOnlyData, y.Data, x.ShapeArray, a0, a1);
        new SwapAxesFunction(x, a0, a1).Attach(y);
        return y;
    }

    /// <summary>dst = src with axes a0 &lt; a1 of <paramref name="srcShape"/> exchanged; adds when <paramref name="accumulate"/>.</summary>
    private static void Copy(ReadOnlySpan<float> src, Span<float> dst, int[] srcShape, int a0, int a1, bool accumulate = false)
    {
        if (a0 == a1)
        {
            if (accumulate) TensorPrimitives.Add(dst, src, dst);
            else src.CopyTo(dst);
            return;
        }
        int pre = Shapes.Product(srcShape, 0, a0), na = srcShape[a0], mid = Shapes.Product(srcShape, a0 + 1, a1);
        int nb = srcShape[a1], post = Shapes.Product(srcShape, a1 + 1, srcShape.Length);
        for (int p = 0; p < pre; p++)
            for (int a = 0; a < na; a++)
                for (int m = 0; m < mid; m++)
                    for (int b = 0; b < nb; b++)
                    {
                        int from = (((p * na + a) * mid + m) * nb + b) * post;
                        int to = (((p * nb + b) * mid + m) * na + a) * post;
                        var s = src.Slice(from, post);
                        var d = dst.Slice(to, post);
                        if (accumulate) TensorPrimitives.Add(d, s, d);
                        else s.CopyTo(d);
                    }
    }

    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsGrad(0)) return;
        var outShape = Inputs[0].ShapeArray;
        (outShape[_axis0], outShape[_axis1]) = (outShape[_axis1], outShape[_axis0]);
        Copy(context.GradOutput(), context.GradInput(0), outShape, _axis0, _axis1, accumulate: true);
    }
}
