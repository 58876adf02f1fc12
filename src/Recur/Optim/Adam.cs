// Adam: torch.optim.Adam (PyTorch 1.13; Kingma & Ba 2015) with bias correction, optional L2 weight decay
// added to the gradient and optional AMSGrad (Reddi et al. 2018):
//   g += wd p;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  (amsgrad: v = max(vmax, v))
//   p -= lr (m / (1 - b1^t)) / (sqrt(v) / sqrt(1 - b2^t) + eps).  t counts this parameter's steps.
using Recur.Tensors;

namespace Recur.Optim;

/// <summary>
/// The Adam optimizer with PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8). State buffers
/// "exp_avg.i", "exp_avg_sq.i" and, with AMSGrad, "max_exp_avg_sq.i".
/// </summary>
public class Adam : Optimizer
{
    private readonly float[][] _m, _v, _vMax;
    private readonly bool _decoupled;

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public Adam(IEnumerable<Tensor> parameters, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float eps = 1e-8f, float weightDecay = 0f, bool amsgrad = false)
        : this(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay: false)
    {
    }

    /// <summary>Adam, or with <paramref name="decoupledWeightDecay"/> AdamW's decay of the parameter itself.</summary>
    private protected Adam(IEnumerable<Tensor> parameters, float lr, float beta1, float beta2, float eps, float weightDecay,
        bool amsgrad, bool decoupledWeightDecay)
        : base(parameters, lr)
    {
        _decoupled = decoupledWeightDecay;
        AdamUpdate.Validate(beta1, beta2, eps, weightDecay);
        (Beta1, Beta2, Eps, WeightDecay, AmsGrad) = (beta1, beta2, eps, weightDecay, amsgrad);
        int n = Parameters.Count;
        (_m, _v, _vMax) = (new float[n][], new float[n][], new float[n][]);
        for (int i = 0; i < n; i++)
        {
            _m[i] = AddBuffer("exp_avg", i);
            _v[i] = AddBuffer("exp_avg_sq", i);
            _vMax[i] = amsgrad ? AddBuffer("max_exp_avg_sq", i) : [];
        }
    }

    /// <summary>b1, the decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>b2, the decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>eps, added to the bias-corrected sqrt of the second moment.</summary>
    public float Eps { get; }

    /// <summary>Weight decay: added to the gradient (Adam) or applied to the parameter before the update (AdamW).</summary>
    public float WeightDecay { get; }

    /// <summary>Whether the running maximum of the second moment is used (AMSGrad).</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> param, ReadOnlySpan<float> grad, long step)
    {
        ReadOnlySpan<float> g = grad;
        if (WeightDecay != 0 && _decoupled)
        {
            TensorPrimitives.Multiply(param, (float)(1 - (double)Lr * WeightDecay), param);
        }
        else if (WeightDecay != 0)
        {
            var decayed = ScratchB(param.Length);
            TensorPrimitives.MultiplyAdd(param, WeightDecay, grad, decayed);
            g = decayed;
        }
        AdamUpdate.Apply(param, g, _m[index], _v[index], _vMax[index], ScratchA(param.Length), Lr, Beta1, Beta2, Eps, step);
    }
}
