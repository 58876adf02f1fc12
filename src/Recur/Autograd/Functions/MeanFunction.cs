// Mean: y = sum(x) / n over all elements (-> scalar []) or over one axis (keepDim keeps it as size 1);
// the mean of zero elements is NaN, as in PyTorch. Shares the [outer, n, inner] reduction of SumFunction.
// Backward: dX[o, k, i] += dY[o, i] / n.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class MeanFunction : Node
{
    private readonly int _outer, _n, _inner;

    private MeanFunction(Tensor x, int outer, int n, int inner) : base(x) => (_outer, _n, _inner) = (outer, n, inner);

    public override string Name => "MeanBackward";

    internal static Tensor Forward(Tensor x, int? axis, bool keepDim)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outShape, outer, n, inner) = SumFunction.Plan(x, axis, keepDim, "mean");
        var y = Tensor.Uninitialized(outShape);
        var yv = y.Data;
        SumFunction.SumAxis(x.ReadOnlyData, yv, outer, n, inner);
        TensorPrimitives.Divide(yv, (float)n, yv);
        new MeanFunction(x, outer, n, inner).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsGrad(0))
            SumFunction.SpreadAxis(context.GradOutput(), context.GradInput(0), _outer, _n, _inner, 1f / _n);
    }
}
