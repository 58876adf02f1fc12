// Log: y = ln(x) elementwise (NaN for x < 0, -inf at 0, as in PyTorch). Backward: dX += dY / x; the
// input is the saved state.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class LogFunction : Node
{
    private LogFunction(Tensor x) : base(x) { }

    public override string Name => "LogBackward";

    internal static Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Uninitialized(x.ShapeArray);
        TensorPrimitives.Log(x.ReadOnlyData, y.Data);
        new LogFunction(x).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var quotient = new float[g.Length];
        TensorPrimitives.Divide(g, Inputs[0].ReadOnlyData, quotient);
        var dX = context.GradInput(0);
        TensorPrimitives.Add(dX, quotient, dX);
    }
}
