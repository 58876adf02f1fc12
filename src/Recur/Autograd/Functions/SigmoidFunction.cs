// Sigmoid: y = 1 / (1 + e^-x) elementwise. Backward: dX += dY * y * (1 - y), so the output is saved.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class SigmoidFunction : Node
{
    private float[]? _y;

    private SigmoidFunction(Tensor x, float[] y) : base(x) => _y = y;

    public override string Name => "SigmoidBackward";

    internal static Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Uninitialized(x.ShapeArray);
        Kernels.VectorMath.Sigmoid(x.ReadOnlyData, y.Data);
        new SigmoidFunction(x, y.Storage).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        var y = _y ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        if (!context.NeedsGrad(0)) return;
        var slope = new float[y.Length];
        TensorPrimitives.Subtract(1f, y, slope);
        TensorPrimitives.Multiply(slope, y, slope);
        var dX = context.GradInput(0);
        TensorPrimitives.MultiplyAdd(context.GradOutput(), slope, dX, dX);
    }

    protected override void ReleaseSaved() => _y = null;
}
