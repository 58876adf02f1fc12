// LossTestData: inputs for the loss tests whose differences x - y stay clear of the kinks of MAE (0)
// and Huber (+-delta), so that central finite differences with step 1e-2 see a smooth function.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Tests.Losses;

internal static class LossTestData
{
    /// <summary>
    /// A prediction of the given shape in [-1, 1] and a target with |x - y| in [0.1, 0.8] or, when
    /// <paramref name="wide"/>, alternately in [0.1, 0.8] and [1.2, 2]. Both require grad.
    /// </summary>
    public static (Tensor Prediction, Tensor Target) Pair(ulong seed, bool wide, params int[] shape)
    {
        var g = new Generator(seed);
        var x = Tensor.Uniform(g, -1f, 1f, shape);
        var y = Tensor.Zeros(shape);
        var xs = x.Data;
        var ys = y.Data;
        for (int i = 0; i < xs.Length; i++)
        {
            float size = wide && i % 2 == 1 ? 1.2f + 0.8f * g.NextFloat() : 0.1f + 0.7f * g.NextFloat();
            float sign = g.NextFloat() < 0.5f ? -1f : 1f;
            ys[i] = xs[i] - sign * size;
        }
        return (x.RequireGrad(), y.RequireGrad());
    }

    /// <summary>The per-element values a reduction of <paramref name="perElement"/> yields, in double.</summary>
    public static double[] Reduce(double[] perElement, Reduction reduction)
    {
        if (reduction == Reduction.None) return perElement;
        double sum = 0;
        foreach (var v in perElement) sum += v;
        return [reduction == Reduction.Sum ? sum : sum / perElement.Length];
    }

    /// <summary>Asserts a loss result against double-precision expectations, with shape [] for Mean/Sum.</summary>
    public static void AssertLoss(double[] expected, Tensor actual, Reduction reduction, int[] noneShape)
    {
        Assert.Equal(reduction == Reduction.None ? noneShape : [], actual.ShapeArray);
        var e = new float[expected.Length];
        for (int i = 0; i < e.Length; i++) e[i] = (float)expected[i];
        TestUtil.AssertClose(e, actual.ReadOnlyData, 1e-5, 1e-5, "loss");
    }
}
