// AdamUpdateTests: the one-pass Adam update gives the same bits as the update written one operation per pass.
using Recur.Optim;
using Recur.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recur.Tests.Optim;

public class AdamUpdateTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(37)]
    [InlineData(1000)]
    public void One_pass_update_equals_the_pass_per_operation_form_bit_for_bit(int n)
    {
        var g = new Generator(3);
        float[] R(float lo, float hi) => Tensor.Uniform(g, lo, hi, n).ToArray();
        var (param, grad, m, v) = (R(-1, 1), R(-2, 2), R(-0.1f, 0.1f), R(0, 0.05f));
        var (p2, m2, v2) = ((float[])param.Clone(), (float[])m.Clone(), (float[])v.Clone());
        const float lr = 3e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        for (long step = 1; step <= 3; step++)
        {
            AdamUpdate.Apply(param, grad, m, v, default, new float[n], lr, b1, b2, eps, step);
            Reference(p2, grad, m2, v2, lr, b1, b2, eps, step);
        }
        Assert.Equal(p2, param);
        Assert.Equal(m2, m);
        Assert.Equal(v2, v);
    }

    [Fact]
    public void Mismatched_buffers_are_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => AdamUpdate.Apply(new float[4], new float[3], new float[4], new float[4], default, new float[4], 1e-3f, 0.9f, 0.999f, 1e-8f, 1));
        Assert.Contains("parameter's length", e.Message);
    }

    // PyTorch 1.13's _single_tensor_adam, one elementwise operation per pass.
    private static void Reference(float[] p, float[] g, float[] m, float[] v, float lr, float b1, float b2, float eps, long step)
    {
        double bias1 = 1 - Math.Pow(b1, step), bias2 = 1 - Math.Pow(b2, step);
        float stepSize = (float)(lr / bias1), bias2Sqrt = (float)Math.Sqrt(bias2);
        var s = new float[p.Length];
        TensorPrimitives.Multiply(m, b1, m);
        TensorPrimitives.MultiplyAdd(g, 1f - b1, m, m);
        TensorPrimitives.Multiply(v, b2, v);
        TensorPrimitives.Multiply(g, 1f - b2, s); // addcmul: value * g * g, left to right
        TensorPrimitives.MultiplyAdd(s, g, v, v);
        TensorPrimitives.Sqrt(v, s);
        TensorPrimitives.Divide(s, bias2Sqrt, s);
        TensorPrimitives.Add(s, eps, s);
        TensorPrimitives.Divide(m, s, s);
        TensorPrimitives.MultiplyAdd(s, -stepSize, p, p);
    }
}
