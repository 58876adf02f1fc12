// Huber loss as one node (torch.nn.HuberLoss): d = x - y, l_i = 0.5 d_i^2 if |d_i| < delta else
// delta (|d_i| - 0.5 delta), reduced (see ReducedLossFunction). Backward: dl/dd = d inside the band,
// delta sign(d) outside; dX_i += dl/dd g_i, dY_i -= dl/dd g_i. d is saved.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class HuberLossFunction : ReducedLossFunction
{
    private readonly float _delta;
    private float[]? _diff;

    private HuberLossFunction(Tensor x, Tensor y, float[] diff, float delta, Reduction reduction)
        : base(reduction, diff.Length, x, y)
    {
        _diff = diff;
        _delta = delta;
    }

    public override string Name => "HuberLossBackward";

    /// <summary>x, y: the same shape S (checked by the caller); delta &gt; 0. Returns [] or S (None).</summary>
    internal static Tensor Forward(Tensor x, Tensor y, float delta, Reduction reduction)
    {
        var diff = new float[x.Length];
        TensorPrimitives.Subtract(x.ReadOnlyData, y.ReadOnlyData, diff);
        var loss = new float[diff.Length];
        for (int i = 0; i < diff.Length; i++)
        {
            float a = MathF.Abs(diff[i]);
            loss[i] = a < delta ? 0.5f * a * a : delta * (a - 0.5f * delta);
        }
        var output = Reduce(loss, x.ShapeArray, reduction, diff.Length);
        new HuberLossFunction(x, y, diff, delta, reduction).Attach(output);
        return output;
    }

    protected internal override void Backward(GradientContext context)
    {
        var diff = _diff ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        var g = context.GradOutput();
        float delta = _delta;
        var dLoss = new float[diff.Length];
        for (int i = 0; i < diff.Length; i++)
        {
            float d = diff[i];
            float slope = d >= delta ? delta : d <= -delta ? -delta : d;
            dLoss[i] = slope * Upstream(g, i);
        }
        ApplyToDifference(context, dLoss);
    }

    protected override void ReleaseSaved() => _diff = null;
}
