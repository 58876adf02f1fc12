// Exp: y = e^x elementwise. Backward: dX += dY * y, so the output is saved.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class ExpFunction : Node
{
    private float[]? _y;

    private ExpFunction(Tensor x, float[] y) : base(x) => _y = y;

    public override string Name => "ExpBackward";

    internal static Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Uninitialized(x.ShapeArray);
        TensorPrimitives.Exp(x.ReadOnlyData, y.Data);
        new ExpFunction(x, y.Storage).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        var y = _y ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        if (!context.NeedsGrad(0)) return;
        var dX = context.GradInput(0);
        TensorPrimitives.MultiplyAdd(context.GradOutput(), y, dX, dX);
    }

    protected override void ReleaseSaved() => _y = null;
}
