// Conv1d and pooling: finite-difference gradient checks (stride, padding, dilation), hand-computed
// values, and the errors for bad shapes.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class Conv1dFunctionTests
{
    [Theory]
    [InlineData(1, 0, 1), InlineData(2, 1, 1), InlineData(1, 2, 2), InlineData(3, 2, 2)]
    public void Conv1d_gradients_pass_finite_differences(int stride, int padding, int dilation)
    {
        var g = new Generator(11);
        var x = TestUtil.Rand(g, 2, 3, 9);
        var w = TestUtil.Rand(g, 4, 3, 3);
        var b = TestUtil.Rand(g, 4);
        TestUtil.AssertGradCheck(t => Tensor.Conv1d(t[0], t[1], t[2], stride, padding, dilation), x, w, b);
    }

    [Fact]
    public void Conv1d_by_hand()
    {
        // x = [1 2 3 4], w = [1 0 -1], padding 1: y[t] = x[t-1] - x[t+1] (zeros outside) + 0.5.
        var x = Tensor.FromArray([1f, 2, 3, 4], 1, 1, 4);
        var w = Tensor.FromArray([1f, 0, -1], 1, 1, 3);
        var y = Tensor.Conv1d(x, w, Tensor.FromArray([0.5f]), padding: 1);
        Assert.Equal([-1.5f, -1.5f, -1.5f, 3.5f], y.ToArray());
    }

    [Theory]
    [InlineData(2, 2, 0), InlineData(3, 1, 1), InlineData(4, 3, 2)]
    public void Pool_gradients_pass_finite_differences(int kernel, int stride, int padding)
    {
        var g = new Generator(5);
        // Distinct, well-separated values so that a finite step never changes which element is the max.
        var values = Enumerable.Range(0, 2 * 3 * 11).Select(i => (float)i * 0.37f).ToArray();
        g.Shuffle(values.AsSpan());
        var x = Tensor.FromArray(values, 2, 3, 11).RequireGrad();
        TestUtil.AssertGradCheck(t => t[0].MaxPool1d(kernel, stride, padding), x);
        TestUtil.AssertGradCheck(t => t[0].AvgPool1d(kernel, stride, padding), TestUtil.Rand(g, 2, 3, 11));
    }

    [Fact]
    public void Bad_shapes_are_named()
    {
        var x = Tensor.Zeros(1, 3, 5);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Conv1d(x, Tensor.Zeros(2, 4, 3)));
        Assert.Contains("[1, 3, 5]", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Conv1d(x, Tensor.Zeros(2, 3, 9)));
        Assert.Throws<ArgumentException>(() => x.MaxPool1d(2, 2, 3));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 5).AvgPool1d(2));
    }
}
