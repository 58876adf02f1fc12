// RmsProp: torch.optim.RMSprop (PyTorch 1.13; Hinton's lecture 6e, centered form from Graves 2013):
//   g += wd p;  s = alpha s + (1 - alpha) g^2;  centered: a = alpha a + (1 - alpha) g, avg = sqrt(s - a^2)
//   else avg = sqrt(s);  avg += eps (outside the sqrt);
//   momentum > 0: b = mu b + g / avg, p -= lr b;  else p -= lr g / avg.
using Recur.Tensors;

namespace Recur.Optim;

/// <summary>
/// RMSprop with PyTorch's defaults (lr 1e-2, alpha 0.99, eps 1e-8). State buffers "square_avg.i", with
/// momentum "momentum_buffer.i", centered "grad_avg.i".
/// </summary>
public sealed class RmsProp : Optimizer
{
    private readonly float[][] _squareAvg, _momentumBuffer, _gradAvg;

    /// <summary>Creates the optimizer over <paramref name="parameters"/> (PyTorch's validation and messages).</summary>
    public RmsProp(IEnumerable<Tensor> parameters, float lr = 1e-2f, float alpha = 0.99f, float eps = 1e-8f,
        float weightDecay = 0f, float momentum = 0f, bool centered = false)
        : base(parameters, lr)
    {
        if (!(eps > 0 && float.IsFinite(eps))) throw new ArgumentException($"Invalid epsilon value: {eps}"); // 0 gives 0/0 where a gradient is 0
        if (!(momentum >= 0 && float.IsFinite(momentum))) throw new ArgumentException($"Invalid momentum value: {momentum}");
        if (!(weightDecay >= 0 && float.IsFinite(weightDecay))) throw new ArgumentException($"Invalid weight_decay value: {weightDecay}");
        if (!(alpha >= 0 && alpha <= 1)) throw new ArgumentException($"Invalid alpha value: {alpha}"); // a decay: past 1 the average grows without bound
        (Alpha, Eps, WeightDecay, Momentum, Centered) = (alpha, eps, weightDecay, momentum, centered);
        int n = Parameters.Count;
        (_squareAvg, _momentumBuffer, _gradAvg) = (new float[n][], new float[n][], new float[n][]);
        for (int i = 0; i < n; i++)
        {
            _squareAvg[i] = AddBuffer("square_avg", i);
            _momentumBuffer[i] = momentum > 0 ? AddBuffer("momentum_buffer", i) : [];
            _gradAvg[i] = centered ? AddBuffer("grad_avg", i) : [];
        }
    }

    /// <summary>Smoothing constant of the squared-gradient average.</summary>
    public float Alpha { get; }

    /// <summary>Added to the root of the average (outside the sqrt).</summary>
    public float Eps { get; }

    /// <summary>L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>Momentum factor (0 disables the buffer).</summary>
    public float Momentum { get; }

    /// <summary>Whether the gradient's variance (mean-subtracted) normalises the step.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> param, ReadOnlySpan<float> grad, long step)
    {
        ReadOnlySpan<float> g = grad;
        var avg = ScratchA(param.Length);
        if (WeightDecay != 0)
        {
            var decayed = ScratchB(param.Length);
            TensorPrimitives.MultiplyAdd(param, WeightDecay, grad, decayed);
            g = decayed;
        }
        var square = _squareAvg[index].AsSpan();
        TensorPrimitives.Multiply(square, Alpha, square);
        // (1 - alpha) g, then times g: PyTorch's addcmul order, which also keeps g^2 from overflowing for |g| > 1.8e19.
        TensorPrimitives.Multiply(g, 1f - Alpha, avg);
        TensorPrimitives.MultiplyAdd(avg, g, square, square);
        if (Centered)
        {
            var gradAvg = _gradAvg[index].AsSpan();
            TensorPrimitives.Multiply(gradAvg, Alpha, gradAvg);
            TensorPrimitives.MultiplyAdd(g, 1f - Alpha, gradAvg, gradAvg);
            TensorPrimitives.Multiply(gradAvg, gradAvg, avg);
            TensorPrimitives.Subtract(square, avg, avg);
            TensorPrimitives.Sqrt(avg, avg);
        }
        else TensorPrimitives.Sqrt(square, avg);
        TensorPrimitives.Add(avg, Eps, avg);
        TensorPrimitives.Divide(g, avg, avg);
        if (Momentum > 0)
        {
            var buf = _momentumBuffer[index].AsSpan();
            TensorPrimitives.Multiply(buf, Momentum, buf);
            TensorPrimitives.Add(buf, avg, buf);
            TensorPrimitives.MultiplyAdd(buf, -Lr, param, param);
        }
        else TensorPrimitives.MultiplyAdd(avg, -Lr, param, param);
    }
}
