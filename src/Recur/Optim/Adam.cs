// Adam: PyTorch's torch.optim.Adam update (Kingma & Ba 2015) with bias correction and optional L2
// weight decay added to the gradient:
//   g += wd p;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
//   p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
using Recur.Tensors;

namespace Recur.Optim;

/// <summary>The Adam optimizer with PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8).</summary>
public sealed class Adam
{
    private readonly Tensor[] _parameters;
    private readonly float[][] _m, _v;
    private readonly float[] _scratch;

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public Adam(IEnumerable<Tensor> parameters, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float eps = 1e-8f, float weightDecay = 0f)
    {
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0) throw new ArgumentException("optimizer got an empty parameter list");
        if (!(lr >= 0)) throw new ArgumentException($"Invalid learning rate: {lr}");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentException($"Invalid beta parameter at index 0: {beta1}");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentException($"Invalid beta parameter at index 1: {beta2}");
        if (!(eps >= 0)) throw new ArgumentException($"Invalid epsilon value: {eps}");
        (Lr, Beta1, Beta2, Eps, WeightDecay) = (lr, beta1, beta2, eps, weightDecay);
        _m = _parameters.Select(p => new float[p.Length]).ToArray();
        _v = _parameters.Select(p => new float[p.Length]).ToArray();
        _scratch = new float[_parameters.Max(p => p.Length)];
    }

    /// <summary>Learning rate (may be changed between steps by a schedule).</summary>
    public float Lr { get; set; }

    /// <summary>b1.</summary>
    public float Beta1 { get; }

    /// <summary>b2.</summary>
    public float Beta2 { get; }

    /// <summary>eps.</summary>
    public float Eps { get; }

    /// <summary>L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>Steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Applies one update from the parameters' gradients (parameters without a gradient are skipped).</summary>
    public void Step()
    {
        StepCount++;
        float c1 = 1f - MathF.Pow(Beta1, StepCount), c2 = 1f - MathF.Pow(Beta2, StepCount);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.Grad == null) continue;
            var param = p.Data;
            var grad = p.Grad.ReadOnlyData;
            var m = _m[i].AsSpan();
            var v = _v[i].AsSpan();
            var g = _scratch.AsSpan(0, p.Length);
            if (WeightDecay != 0f) TensorPrimitives.MultiplyAdd(param, WeightDecay, grad, g);
            else grad.CopyTo(g);
            for (int j = 0; j < g.Length; j++)
            {
                m[j] = Beta1 * m[j] + (1f - Beta1) * g[j];
                v[j] = Beta2 * v[j] + (1f - Beta2) * g[j] * g[j];
                param[j] -= Lr * (m[j] / c1) / (MathF.Sqrt(v[j] / c2) + Eps);
            }
        }
    }

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.Grad?.Data.Clear();
    }
}
