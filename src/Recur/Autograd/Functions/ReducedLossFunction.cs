// ReducedLossFunction: the base of the fused loss nodes. A loss computes one value per element (or per
// position), then reduces: None keeps them, Sum adds them, Mean adds them and divides by the number that
// count. Backward turns the output gradient into the per-element upstream factor g_i (g_i = dOut_i for
// None, dOut * scale with scale = 1 or 1/count otherwise). Sums accumulate in double.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal abstract class ReducedLossFunction : Node
{
    private readonly Reduction _reduction;
    private readonly float _scale;

    /// <summary>Creates the node; <paramref name="count"/> is the divisor of Mean (ignored otherwise).</summary>
    protected ReducedLossFunction(Reduction reduction, double count, params Tensor[] inputs) : base(inputs)
    {
        _reduction = reduction;
        _scale = reduction == Reduction.Mean ? (float)(1.0 / count) : 1f;
    }

    /// <summary>
    /// The result of a loss from its per-element values (shape <paramref name="shape"/>): those values for
    /// None, their sum for Sum, their sum divided by <paramref name="count"/> for Mean (NaN when 0).
    /// </summary>
    internal static Tensor Reduce(float[] perElement, int[] shape, Reduction reduction, double count)
    {
        if (reduction == Reduction.None)
            return new Tensor(perElement, 0, shape);
        double sum = 0;
        for (int i = 0; i < perElement.Length; i++) sum += perElement[i];
        return Tensor.Scalar(reduction == Reduction.Sum ? (float)sum : (float)(sum / count));
    }

    /// <summary>
    /// For losses of d = x - y: adds dLoss to dX (input 0) and subtracts it from dY (input 1), where needed.
    /// </summary>
    protected static void ApplyToDifference(GradientContext context, ReadOnlySpan<float> dLoss)
    {
        if (context.NeedsGrad(0))
        {
            var dX = context.GradInput(0);
            TensorPrimitives.Add(dX, dLoss, dX);
        }
        if (context.NeedsGrad(1))
        {
            var dY = context.GradInput(1);
            TensorPrimitives.Subtract(dY, dLoss, dY);
        }
    }

    /// <summary>d(output)/d(l_i) times the output gradient, for element <paramref name="i"/>.</summary>
    protected float Upstream(ReadOnlySpan<float> gradOutput, int i) =>
        _reduction == Reduction.None ? gradOutput[i] : gradOutput[0] * _scale;
}
