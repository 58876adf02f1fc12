// Tanh: y = tanh(x) elementwise. Backward: dX += dY * (1 - y^2), so the output is saved.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class TanhFunction : Node
{
    private float[]? _y;

    private TanhFunction(Tensor x, float[] y) : base(x) => _y = y;

    public override string Name => "TanhBackward";

    internal static Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Uninitialized(x.ShapeArray);
        Kernels.VectorMath.Tanh(x.ReadOnlyData, y.Data);
        new TanhFunction(x, y.Storage).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        var y = _y ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        if (!context.NeedsGrad(0)) return;
        var slope = new float[y.Length];
        TensorPrimitives.Multiply(y, y, slope);
        TensorPrimitives.Subtract(1f, slope, slope);
        var dX = context.GradInput(0);
        TensorPrimitives.MultiplyAdd(context.GradOutput(), slope, dX, dX);
    }

    protected override void ReleaseSaved() => _y = null;
}
