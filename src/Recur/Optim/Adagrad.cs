// Adagrad: torch.optim.Adagrad (PyTorch 1.13; Duchi et al. 2011), dense gradients:
//   g += wd p;  clr = lr / (1 + (t - 1) lr_decay);  s += g^2;  p -= clr g / (sqrt(s) + eps).
// s starts at initial_accumulator_value; t counts this parameter's steps.
using Recur.Tensors;

namespace Recur.Optim;

/// <summary>Adagrad with PyTorch's defaults (lr 1e-2, eps 1e-10). State buffer "sum.i".</summary>
public sealed class Adagrad : Optimizer
{
    private readonly float[][] _sum;

    /// <summary>Creates the optimizer over <paramref name="parameters"/> (PyTorch's validation and messages).</summary>
    public Adagrad(IEnumerable<Tensor> parameters, float lr = 1e-2f, float lrDecay = 0f, float weightDecay = 0f,
        float initialAccumulatorValue = 0f, float eps = 1e-10f)
        : base(parameters, lr)
    {
        if (!(lrDecay >= 0)) throw new ArgumentException($"Invalid lr_decay value: {lrDecay}");
        if (!(weightDecay >= 0 && float.IsFinite(weightDecay))) throw new ArgumentException($"Invalid weight_decay value: {weightDecay}");
        if (!(initialAccumulatorValue >= 0))
            throw new ArgumentException($"Invalid initial_accumulator_value value: {initialAccumulatorValue}");
        if (!(eps > 0 && float.IsFinite(eps))) throw new ArgumentException($"Invalid epsilon value: {eps}"); // 0 gives 0/0 where a gradient is 0
        (LrDecay, WeightDecay, InitialAccumulatorValue, Eps) = (lrDecay, weightDecay, initialAccumulatorValue, eps);
        _sum = new float[Parameters.Count][];
        for (int i = 0; i < _sum.Length; i++) _sum[i] = AddBuffer("sum", i, initialAccumulatorValue);
    }

    /// <summary>Learning-rate decay per step: clr = lr / (1 + (t - 1) lrDecay).</summary>
    public float LrDecay { get; }

    /// <summary>L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>Starting value of the squared-gradient sum.</summary>
    public float InitialAccumulatorValue { get; }

    /// <summary>Added to the root of the sum.</summary>
    public float Eps { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> param, ReadOnlySpan<float> grad, long step)
    {
        ReadOnlySpan<float> g = grad;
        if (WeightDecay != 0)
        {
            var decayed = ScratchB(param.Length);
            TensorPrimitives.MultiplyAdd(param, WeightDecay, grad, decayed);
            g = decayed;
        }
        float clr = (float)(Lr / (1 + (step - 1) * (double)LrDecay));
        var sum = _sum[index].AsSpan();
        var std = ScratchA(param.Length);
        TensorPrimitives.Multiply(g, g, std);
        TensorPrimitives.Add(sum, std, sum);
        TensorPrimitives.Sqrt(sum, std);
        TensorPrimitives.Add(std, Eps, std);
        TensorPrimitives.Divide(g, std, std);
        TensorPrimitives.MultiplyAdd(std, -clr, param, param);
    }
}
