// Softplus: y = log(1 + e^x) elementwise, and y = x above the threshold 20 (torch.nn.functional.softplus with
// beta 1 and its default threshold), computed in double, and as e^x below -20, so that a very negative x keeps
// its precision. Backward: dX += dY * sigmoid(x) (1 above the threshold), so the input is saved.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class SoftplusFunction : Node
{
    /// <summary>PyTorch's default threshold: above it softplus is x itself.</summary>
    internal const float Threshold = 20f;

    private float[]? _x;

    private SoftplusFunction(Tensor x, float[] saved) : base(x) => _x = saved;

    public override string Name => "SoftplusBackward";

    internal static Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var src = x.ReadOnlyData;
        var y = Tensor.Uninitialized(x.ShapeArray);
        var dst = y.Data;
        for (int i = 0; i < src.Length; i++)
        {
            float v = src[i];
            // Below -20, log(1 + e^x) = e^x to within e^x / 2 relative: exact in float32, where log(1 + tiny) is not.
            dst[i] = v > Threshold ? v : v < -Threshold ? (float)Math.Exp(v) : (float)Math.Log(1.0 + Math.Exp(v));
        }
        new SoftplusFunction(x, src.ToArray()).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        var x = _x ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        if (!context.NeedsGrad(0)) return;
        var g = context.GradOutput();
        var dX = context.GradInput(0);
        for (int i = 0; i < x.Length; i++)
            dX[i] += x[i] > Threshold ? g[i] : g[i] * (float)(1.0 / (1.0 + Math.Exp(-x[i])));
    }

    protected override void ReleaseSaved() => _x = null;
}
