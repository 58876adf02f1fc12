// Tests of Softmax: gradients along every axis (negative too, inner > 1 and the last-axis fast path),
// forward against a double-precision loop, stability at inputs near 1000, and the axis error.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class SoftmaxFunctionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(-3)]
    public void Gradients_match_finite_differences(int axis)
    {
        var g = new Generator(111);
        TestUtil.AssertGradCheck(x => x[0].Softmax(axis), Tensor.Uniform(g, -2, 2, 2, 3, 4).RequireGrad());
    }

    /// <summary>Softmax of x [A, B, C] along axis 1, in double with plain loops.</summary>
    internal static double[,,] Middle(Tensor x)
    {
        int a = x.Size(0), b = x.Size(1), c = x.Size(2);
        var r = new double[a, b, c];
        for (int i = 0; i < a; i++)
            for (int k = 0; k < c; k++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < b; j++) max = Math.Max(max, x.GetValue(i, j, k));
                double sum = 0;
                for (int j = 0; j < b; j++) sum += Math.Exp(x.GetValue(i, j, k) - max);
                for (int j = 0; j < b; j++) r[i, j, k] = Math.Exp(x.GetValue(i, j, k) - max) / sum;
            }
        return r;
    }

    [Fact]
    public void Forward_matches_double_loop_on_middle_and_last_axis()
    {
        var g = new Generator(112);
        var x = Tensor.Uniform(g, -3, 3, 2, 5, 3);
        var expected = Middle(x);
        var y = x.Softmax(1);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 5; j++)
                for (int k = 0; k < 3; k++)
                    Assert.Equal(expected[i, j, k], y.GetValue(i, j, k), 1e-6);

        var x2 = Tensor.Uniform(g, -3, 3, 4, 6);
        var rows = Middle(x2.Reshape(4, 6, 1)); // the last axis of [4, 6] is the middle one of [4, 6, 1]
        var y2 = x2.Softmax(-1);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 6; j++)
                Assert.Equal(rows[i, j, 0], y2.GetValue(i, j), 1e-6);
    }

    [Fact]
    public void Large_inputs_are_stable()
    {
        var y = Tensor.FromArray([1000f, 1001f, 1002f, 999f, 1000f, 1000f], 2, 3).Softmax(-1);
        double s = Math.Exp(-2) + Math.Exp(-1) + 1;
        TestUtil.AssertClose([(float)(Math.Exp(-2) / s), (float)(Math.Exp(-1) / s), (float)(1 / s),
            (float)(Math.Exp(-1) / (Math.Exp(-1) + 2)), (float)(1 / (Math.Exp(-1) + 2)), (float)(1 / (Math.Exp(-1) + 2))],
            y.ReadOnlyData, 1e-6, 1e-5);
        var z = Tensor.FromArray([1000f, -1000f, 1000f, 999f], 2, 2).Softmax(0);
        Assert.All(z.ToArray(), v => Assert.False(float.IsNaN(v)));
        Assert.Equal(0.5f, z.GetValue(0, 0), 1e-6f);
        Assert.Equal(1f, z.GetValue(1, 1), 1e-6f);
    }

    [Fact]
    public void Axis_out_of_range_names_op_and_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 3).Softmax(-3));
        Assert.Contains("softmax", e.Message);
        Assert.Contains("[-2, 1]", e.Message);
    }
}
