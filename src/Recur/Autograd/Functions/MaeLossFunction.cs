// MAE (L1) loss as one node: d = x - y, l_i = |d_i|, reduced (see ReducedLossFunction).
// Backward: dX_i += sign(d_i) g_i, dY_i -= sign(d_i) g_i, with sign(0) = 0 as in PyTorch. d is saved.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class MaeLossFunction : ReducedLossFunction
{
    private float[]? _diff;

    private MaeLossFunction(Tensor x, Tensor y, float[] diff, Reduction reduction)
        : base(reduction, diff.Length, x, y) => _diff = diff;

    public override string Name => "MaeLossBackward";

    /// <summary>x, y: the same shape S (checked by the caller). Returns [] or S (None).</summary>
    internal static Tensor Forward(Tensor x, Tensor y, Reduction reduction)
    {
        var diff = new float[x.Length];
        TensorPrimitives.Subtract(x.ReadOnlyData, y.ReadOnlyData, diff);
        var loss = new float[diff.Length];
        TensorPrimitives.Abs(diff, loss);
        var output = Reduce(loss, x.ShapeArray, reduction, diff.Length);
        new MaeLossFunction(x, y, diff, reduction).Attach(output);
        return output;
    }

    protected internal override void Backward(GradientContext context)
    {
        var diff = _diff ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        var g = context.GradOutput();
        var dLoss = new float[diff.Length];
        for (int i = 0; i < diff.Length; i++)
        {
            float d = diff[i];
            float sign = d > 0f ? 1f : d < 0f ? -1f : 0f;
            dLoss[i] = sign * Upstream(g, i);
        }
        ApplyToDifference(context, dLoss);
    }

    protected override void ReleaseSaved() => _diff = null;
}
