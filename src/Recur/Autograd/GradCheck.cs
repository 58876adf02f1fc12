// GradCheck: compares the gradients autograd computes with central finite differences. The loss is a
// symmetry-breaking weighted sum L = sum(f(x) * W) with fixed random W, so a gradient routed to the
// wrong element cannot cancel out. Float32 forward, double accumulation of L; tolerances are
// |analytic - numeric| <= atol + rtol * |numeric|.
using System.Globalization;
using System.Text;
using Recur.Tensors;

namespace Recur.Autograd;

/// <summary>The outcome of a gradient check.</summary>
/// <param name="Passed">Whether every entry was within tolerance.</param>
/// <param name="MaxAbsDiff">Largest |analytic - numeric| over all inputs.</param>
/// <param name="Report">Max difference per input and the first differing entries.</param>
public sealed record GradCheckResult(bool Passed, double MaxAbsDiff, string Report)
{
    /// <inheritdoc/>
    public override string ToString() => Report;
}

/// <summary>Finite-difference checks of autograd gradients.</summary>
public static class GradCheck
{
    /// <summary>
    /// Checks d(sum(f(inputs) * W))/d(input) for every input that requires grad. <paramref name="f"/> must be
    /// deterministic (re-seed any generator inside it).
    /// </summary>
    public static GradCheckResult Check(Func<Tensor[], Tensor> f, Tensor[] inputs, ulong seed = 7,
        float eps = 1e-2f, double atol = 2e-3, double rtol = 2e-2)
    {
        ArgumentNullException.ThrowIfNull(f);
        foreach (var x in inputs) x.Grad = null;
        var output = f(inputs);
        var weights = Tensor.Uniform(new Generator(seed), -1f, 1f, output.ShapeArray);
        if (!output.RequiresGrad)
            throw new InvalidOperationException("GradCheck: the function's output does not require grad; mark an input with RequiresGrad = true.");
        output.Backward(weights);

        var report = new StringBuilder();
        bool passed = true;
        double maxAbs = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            var x = inputs[t];
            if (!x.RequiresGrad) continue;
            var analytic = x.Grad?.ToArray() ?? new float[x.Length];
            var data = x.Data;
            double inputMax = 0;
            int shown = 0;
            for (int i = 0; i < x.Length; i++)
            {
                float saved = data[i];
                data[i] = saved + eps;
                double plus = Weighted(f, inputs, weights);
                data[i] = saved - eps;
                double minus = Weighted(f, inputs, weights);
                data[i] = saved;
                double numeric = (plus - minus) / (2.0 * eps);
                double diff = Math.Abs(analytic[i] - numeric);
                inputMax = Math.Max(inputMax, diff);
                if (diff > atol + rtol * Math.Abs(numeric))
                {
                    passed = false;
                    if (shown++ < 5)
                        report.AppendLine(CultureInfo.InvariantCulture,
                            $"  input {t} element {i}: analytic {analytic[i]:G6}, numeric {numeric:G6}, diff {diff:G3}");
                }
            }
            maxAbs = Math.Max(maxAbs, inputMax);
            report.Insert(0, string.Create(CultureInfo.InvariantCulture,
                $"input {t} {Shapes.Format(x.Shape)}: max |analytic - numeric| = {inputMax:G3}{Environment.NewLine}"));
        }
        return new GradCheckResult(passed, maxAbs, report.ToString());
    }

    private static double Weighted(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor weights)
    {
        using var scope = GradMode.NoGrad();
        var y = f(inputs).ReadOnlyData;
        var w = weights.ReadOnlyData;
        double sum = 0;
        for (int i = 0; i < y.Length; i++) sum += (double)y[i] * w[i];
        return sum;
    }
}
