// Tests of LogSoftmax: gradients along every axis, forward against the log of a double-precision
// softmax loop, stability at inputs near 1000, and the axis error.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class LogSoftmaxFunctionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(-2)]
    public void Gradients_match_finite_differences(int axis)
    {
        var g = new Generator(121);
        TestUtil.AssertGradCheck(x => x[0].LogSoftmax(axis), Tensor.Uniform(g, -2, 2, 3, 4, 2).RequireGrad());
    }

    [Fact]
    public void Forward_matches_log_of_double_softmax()
    {
        var g = new Generator(122);
        var x = Tensor.Uniform(g, -3, 3, 3, 4, 2);
        var expected = SoftmaxFunctionTests.Middle(x);
        var y = x.LogSoftmax(1);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 2; k++)
                    Assert.Equal(Math.Log(expected[i, j, k]), y.GetValue(i, j, k), 1e-5);
        var last = x.LogSoftmax(-1);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
            {
                double a = x.GetValue(i, j, 0), b = x.GetValue(i, j, 1), m = Math.Max(a, b);
                double lse = m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));
                Assert.Equal(a - lse, last.GetValue(i, j, 0), 1e-5);
            }
    }

    [Fact]
    public void Large_inputs_are_stable()
    {
        var y = Tensor.FromArray([1000f, 0f, -1000f]).LogSoftmax(0);
        Assert.Equal(0f, y.GetValue(0), 1e-6f);
        Assert.Equal(-1000f, y.GetValue(1), 1e-3f);
        Assert.Equal(-2000f, y.GetValue(2), 1e-3f);
    }

    [Fact]
    public void Axis_out_of_range_names_op_and_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 3, 4).LogSoftmax(3));
        Assert.Contains("logsoftmax", e.Message);
        Assert.Contains("[-3, 2]", e.Message);
    }
}
