// GradClip: torch.nn.utils.clip_grad_norm_ and clip_grad_value_ (PyTorch 1.13) on the parameters' Grad.
// Norm clipping scales every gradient by maxNorm / (total + 1e-6) when that is below 1, where total is the
// p-norm of all gradients together (p = inf: the largest magnitude). The total is accumulated in double.
// Unlike PyTorch (which would zero or NaN the gradients), a non-finite total leaves them untouched.
using Recur.Tensors;

namespace Recur.Optim;

/// <summary>Gradient clipping by global norm and by value. Parameters without a gradient are skipped.</summary>
public static class GradClip
{
    /// <summary>
    /// Scales all gradients together so that their global <paramref name="normType"/>-norm is at most
    /// <paramref name="maxNorm"/> (factor maxNorm / (total + 1e-6), applied only when below 1) and returns the
    /// total norm before clipping. <paramref name="normType"/> is p &gt; 0 or <see cref="float.PositiveInfinity"/>.
    /// A NaN or infinite total is returned with the gradients left as they are; no gradients gives 0.
    /// </summary>
    public static float ClipGradNorm(IEnumerable<Tensor> parameters, float maxNorm, float normType = 2f)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be a non-negative number.");
        if (!(normType > 0)) throw new ArgumentOutOfRangeException(nameof(normType), normType, "normType must be positive or +infinity.");
        var list = parameters as IReadOnlyList<Tensor> ?? parameters.ToList();
        for (int i = 0; i < list.Count; i++)
            if (list[i] is null) throw new ArgumentNullException(nameof(parameters), $"ClipGradNorm: parameter {i} is null.");

        double total = 0;
        bool any = false;
        for (int i = 0; i < list.Count; i++)
        {
            var grad = list[i].Grad;
            if (grad == null || grad.Length == 0) continue;
            any = true;
            total = float.IsPositiveInfinity(normType)
                ? Math.Max(total, MaxAbs(grad.ReadOnlyData))
                : total + SumOfPowers(grad.ReadOnlyData, normType);
        }
        if (!any) return 0f;
        if (!float.IsPositiveInfinity(normType)) total = normType == 2f ? Math.Sqrt(total) : Math.Pow(total, 1.0 / normType);
        float totalNorm = (float)total;
        if (!float.IsFinite(totalNorm)) return totalNorm;

        double coef = maxNorm / (total + 1e-6);
        if (coef < 1)
            for (int i = 0; i < list.Count; i++)
            {
                var grad = list[i].Grad;
                if (grad != null) TensorPrimitives.Multiply(grad.Data, (float)coef, grad.Data);
            }
        return totalNorm;
    }

    /// <summary>Clamps every gradient element to [-<paramref name="clipValue"/>, <paramref name="clipValue"/>] (NaN stays NaN).</summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, float clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue >= 0)) throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "clipValue must be a non-negative number.");
        foreach (var p in parameters)
        {
            if (p.Grad == null) continue;
            var g = p.Grad.Data;
            TensorPrimitives.Min(g, clipValue, g);
            TensorPrimitives.Max(g, -clipValue, g);
        }
    }

    private static double MaxAbs(ReadOnlySpan<float> x)
    {
        double max = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double a = Math.Abs(x[i]);
            if (double.IsNaN(a)) return double.NaN;
            if (a > max) max = a;
        }
        return max;
    }

    private static double SumOfPowers(ReadOnlySpan<float> x, float p)
    {
        double sum = 0;
        if (p == 2f)
            for (int i = 0; i < x.Length; i++) sum += (double)x[i] * x[i];
        else if (p == 1f)
            for (int i = 0; i < x.Length; i++) sum += Math.Abs(x[i]);
        else
            for (int i = 0; i < x.Length; i++) sum += Math.Pow(Math.Abs(x[i]), p);
        return sum;
    }
}
