// MSE loss as one node: d = x - y, l_i = d_i^2, reduced (see ReducedLossFunction).
// Backward: dX_i += 2 d_i g_i, dY_i -= 2 d_i g_i, where g_i is the upstream factor. d is saved.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class MseLossFunction : ReducedLossFunction
{
    private float[]? _diff;

    private MseLossFunction(Tensor x, Tensor y, float[] diff, Reduction reduction)
        : base(reduction, diff.Length, x, y) => _diff = diff;

    public override string Name => "MseLossBackward";

    /// <summary>x, y: the same shape S (checked by the caller). Returns [] or S (None).</summary>
    internal static Tensor Forward(Tensor x, Tensor y, Reduction reduction)
    {
        var diff = new float[x.Length];
        TensorPrimitives.Subtract(x.ReadOnlyData, y.ReadOnlyData, diff);
        var loss = new float[diff.Length];
        TensorPrimitives.Multiply(diff, diff, loss);
        var output = Reduce(loss, x.ShapeArray, reduction, diff.Length);
        new MseLossFunction(x, y, diff, reduction).Attach(output);
        return output;
    }

    protected internal override void Backward(GradientContext context)
    {
        var diff = _diff ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        var g = context.GradOutput();
        var dLoss = new float[diff.Length];
        for (int i = 0; i < diff.Length; i++) dLoss[i] = 2f * diff[i] * Upstream(g, i);
        ApplyToDifference(context, dLoss);
    }

    protected override void ReleaseSaved() => _diff = null;
}
