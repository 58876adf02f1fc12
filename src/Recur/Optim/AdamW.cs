// AdamW: torch.optim.AdamW (PyTorch 1.13; Loshchilov & Hutter 2019), Adam with decoupled weight decay
// applied to the parameter before the moment update:
//   p *= 1 - lr wd;  then Adam's update from the raw gradient (see AdamUpdate), optional AMSGrad.
using Recur.Tensors;

namespace Recur.Optim;

/// <summary>
/// AdamW with PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2). State buffers
/// "exp_avg.i", "exp_avg_sq.i" and, with AMSGrad, "max_exp_avg_sq.i".
/// </summary>
public sealed class AdamW : Optimizer
{
    private readonly float[][] _m, _v, _vMax;

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public AdamW(IEnumerable<Tensor> parameters, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float eps = 1e-8f, float weightDecay = 1e-2f, bool amsgrad = false)
        : base(parameters, lr)
    {
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

    /// <summary>Decoupled weight decay: each step first scales the parameter by 1 - lr * wd.</summary>
    public float WeightDecay { get; }

    /// <summary>Whether the running maximum of the second moment is used (AMSGrad).</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> param, ReadOnlySpan<float> grad, long step)
    {
        if (WeightDecay != 0) TensorPrimitives.Multiply(param, (float)(1 - (double)Lr * WeightDecay), param);
        AdamUpdate.Apply(param, grad, _m[index], _v[index], _vMax[index], ScratchA(param.Length), Lr, Beta1, Beta2, Eps, step);
    }
}
