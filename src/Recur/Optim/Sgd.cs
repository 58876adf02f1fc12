// Sgd: torch.optim.SGD (PyTorch 1.13), stochastic gradient descent with optional momentum, dampening,
// Nesterov momentum and L2 weight decay:
//   d = g + wd p;  b = d on a parameter's first step, else b = mu b + (1 - dampening) d;
//   d = d + mu b (Nesterov) or d = b;  p -= lr d.
using Recur.Tensors;

namespace Recur.Optim;

/// <summary>Stochastic gradient descent with PyTorch's update rule; state buffer "momentum_buffer.i" when momentum is non-zero.</summary>
public sealed class Sgd : Optimizer
{
    private readonly float[][] _momentumBuffers;

    /// <summary>Creates the optimizer; PyTorch's validation and messages (Nesterov needs momentum &gt; 0 and zero dampening).</summary>
    public Sgd(IEnumerable<Tensor> parameters, float lr, float momentum = 0f, float dampening = 0f,
        float weightDecay = 0f, bool nesterov = false)
        : base(parameters, lr)
    {
        if (!(momentum >= 0 && float.IsFinite(momentum))) throw new ArgumentException($"Invalid momentum value: {momentum}");
        if (!(weightDecay >= 0 && float.IsFinite(weightDecay))) throw new ArgumentException($"Invalid weight_decay value: {weightDecay}");
        if (float.IsNaN(dampening)) throw new ArgumentException($"Invalid dampening value: {dampening}");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        (Momentum, Dampening, WeightDecay, Nesterov) = (momentum, dampening, weightDecay, nesterov);
        _momentumBuffers = new float[Parameters.Count][];
        if (momentum != 0)
            for (int i = 0; i < _momentumBuffers.Length; i++) _momentumBuffers[i] = AddBuffer("momentum_buffer", i);
    }

    /// <summary>Momentum factor mu (0 disables momentum).</summary>
    public float Momentum { get; }

    /// <summary>Dampening applied to the gradient added to the momentum buffer.</summary>
    public float Dampening { get; }

    /// <summary>L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> param, ReadOnlySpan<float> grad, long step)
    {
        ReadOnlySpan<float> d = grad;
        if (WeightDecay != 0)
        {
            var decayed = ScratchA(param.Length);
            TensorPrimitives.MultiplyAdd(param, WeightDecay, grad, decayed);
            d = decayed;
        }
        if (Momentum != 0)
        {
            var buf = _momentumBuffers[index].AsSpan();
            if (step == 1) d.CopyTo(buf); // PyTorch: the buffer starts as a clone of the first d
            else
            {
                TensorPrimitives.Multiply(buf, Momentum, buf);
                TensorPrimitives.MultiplyAdd(d, 1f - Dampening, buf, buf);
            }
            if (Nesterov)
            {
                var ahead = ScratchB(param.Length);
                TensorPrimitives.MultiplyAdd(buf, Momentum, d, ahead);
                d = ahead;
            }
            else d = buf;
        }
        TensorPrimitives.MultiplyAdd(d, -Lr, param, param);
    }
}
