// Relu: y = max(x, 0) elementwise (NaN propagates). Backward: dX += dY unless y <= 0 (PyTorch's
// threshold_backward: subgradient 0 at x = 0, and a NaN output passes the gradient), so the output is saved.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class ReluFunction : Node
{
    private float[]? _y;

    private ReluFunction(Tensor x, float[] y) : base(x) => _y = y;

    public override string Name => "ReluBackward";

    internal static Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Uninitialized(x.ShapeArray);
        TensorPrimitives.Max(x.ReadOnlyData, 0f, y.Data);
        new ReluFunction(x, y.Storage).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        var y = _y ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var dX = context.GradInput(0);
        for (int i = 0; i < y.Length; i++)
            if (!(y[i] <= 0f)) dX[i] += g[i]; // threshold_backward: a NaN output passes the gradient, as in PyTorch
    }

    protected override void ReleaseSaved() => _y = null;
}
