// Clone: a copy of the elements in new storage (PyTorch's clone()), still in the graph: dX += dY.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class CloneFunction : Node
{
    private CloneFunction(Tensor x) : base(x) { }

    public override string Name => "CloneBackward";

    internal static Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Uninitialized(x.ShapeArray);
        x.ReadOnlyData.CopyTo(y.Data);
        new CloneFunction(x).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        if (!context.NeedsGrad(0)) return;
        var dX = context.GradInput(0);
        TensorPrimitives.Add(dX, context.GradOutput(), dX);
    }
}
