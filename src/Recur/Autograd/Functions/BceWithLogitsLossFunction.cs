// Binary cross-entropy from logits as one node, stable for any x (torch 1.13's formula): with
// w = 1 + (p - 1) y (p: the positive weight of the element's class, 1 without posWeight) and
// s = softplus(-x) = max(-x, 0) + log(1 + e^-|x|): l = (1 - y) x + w s.
// Backward: dl/dx = w sigmoid(x) - p y = (1 - y) - w sigmoid(-x) (the same value; each form is free of
// cancellation at one end: the first at y = 0, where it is sigmoid(x) even for x = -50, the second at y = 1,
// where it is -p sigmoid(-x); soft labels take PyTorch's first form), dl/dy = (p - 1) s - x, dl/dp = y s.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class BceWithLogitsLossFunction : ReducedLossFunction
{
    private readonly bool _hasPosWeight;

    private BceWithLogitsLossFunction(Tensor[] inputs, Reduction reduction, double count)
        : base(reduction, count, inputs) => _hasPosWeight = inputs.Length == 3;

    public override string Name => "BceWithLogitsLossBackward";

    /// <summary>
    /// x, y: the same shape S; posWeight (optional): P entries, P = 1 or the size of S's last axis; element
    /// i uses posWeight[i % P] (checked by the caller). Returns [] or S (None).
    /// </summary>
    internal static Tensor Forward(Tensor x, Tensor y, Tensor? posWeight, Reduction reduction)
    {
        var xs = x.ReadOnlyData;
        var ys = y.ReadOnlyData;
        var pw = posWeight == null ? default : posWeight.ReadOnlyData;
        int p = pw.Length;
        var loss = new float[xs.Length];
        for (int i = 0; i < loss.Length; i++)
        {
            float xi = xs[i], yi = ys[i];
            float w = p == 0 ? 1f : 1f + (pw[i % p] - 1f) * yi;
            loss[i] = (1f - yi) * xi + w * SoftplusNeg(xi);
        }
        var output = Reduce(loss, x.ShapeArray, reduction, loss.Length);
        Tensor[] inputs = posWeight == null ? [x, y] : [x, y, posWeight];
        new BceWithLogitsLossFunction(inputs, reduction, loss.Length).Attach(output);
        return output;
    }

    /// <summary>softplus(-x) = log(1 + e^-x), computed without overflow.</summary>
    private static float SoftplusNeg(float x) => MathF.Max(-x, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(x)));

    /// <summary>sigmoid(-x) = 1 / (1 + e^x), computed without overflow.</summary>
    private static float SigmoidNeg(float x)
    {
        if (x <= 0f) return 1f / (1f + MathF.Exp(x));
        float e = MathF.Exp(-x);
        return e / (1f + e);
    }

    protected internal override void Backward(GradientContext context)
    {
        var g = context.GradOutput();
        var xs = Inputs[0].ReadOnlyData;
        var ys = Inputs[1].ReadOnlyData;
        var pw = _hasPosWeight ? Inputs[2].ReadOnlyData : default;
        int p = pw.Length;
        bool needX = context.NeedsGrad(0), needY = context.NeedsGrad(1), needP = _hasPosWeight && context.NeedsGrad(2);
        var dX = needX ? context.GradInput(0) : default;
        var dY = needY ? context.GradInput(1) : default;
        var dP = needP ? context.GradInput(2) : default;
        for (int i = 0; i < xs.Length; i++)
        {
            float xi = xs[i], yi = ys[i], up = Upstream(g, i);
            float pi = p == 0 ? 1f : pw[i % p];
            if (needX)
            {
                float w = 1f + (pi - 1f) * yi;
                dX[i] += up * (yi == 1f ? -pi * SigmoidNeg(xi) : w * SigmoidNeg(-xi) - pi * yi);
            }
            if (needY) dY[i] += up * ((pi - 1f) * SoftplusNeg(xi) - xi);
            if (needP) dP[i % p] += up * yi * SoftplusNeg(xi);
        }
    }
}
