// AdamW: torch.optim.AdamW (PyTorch 1.13; Loshchilov & Hutter 2019), Adam with decoupled weight decay
// applied to the parameter before the moment update:
//   p *= 1 - lr wd;  then Adam's update from the raw gradient (see AdamUpdate), optional AMSGrad.
using Recur.Tensors;

namespace Recur.Optim;

/// <summary>
/// AdamW with PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2). State buffers
/// "exp_avg.i", "exp_avg_sq.i" and, with AMSGrad, "max_exp_avg_sq.i".
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public AdamW(IEnumerable<Tensor> parameters, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float eps = 1e-8f, float weightDecay = 1e-2f, bool amsgrad = false)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay: true)
    {
    }
}
