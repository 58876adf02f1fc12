using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Layers;

public class LinearTests
{
    [Fact]
    public void Gradients_over_leading_axes_match_finite_differences()
    {
        var g = new Generator(31);
        var linear = new Linear(4, 3, generator: g);
        var x = TestUtil.Rand(g, 2, 5, 4);
        TestUtil.AssertGradCheck(t => linear.Forward(t[0]), x, linear.Weight, linear.Bias!);
    }

    [Fact]
    public void An_unbatched_input_gives_an_unbatched_output_with_the_same_values_and_gradients()
    {
        // PyTorch: Linear(4, 3)(x [4]) is [3], so linear(cell(x, h)) works on one unbatched sequence.
        var g = new Generator(5);
        var linear = new Linear(4, 3, generator: g);
        var x = TestUtil.Rand(g, 4);
        var y = linear.Forward(x);
        Assert.Equal([3], y.ShapeArray);
        Assert.Equal(linear.Forward(x.Reshape(1, 4)).ToArray(), y.ToArray());
        TestUtil.AssertGradCheck(t => linear.Forward(t[0]), x, linear.Weight, linear.Bias!);
        Assert.Contains("input [5], expected last dimension 4", Assert.Throws<ArgumentException>(() => linear.Forward(Tensor.Zeros(5))).Message);
    }

    [Fact]
    public void Forward_is_x_times_weight_transposed_plus_bias_and_init_is_bounded()
    {
        var linear = new Linear(3, 2, generator: new Generator(1));
        float bound = 1f / MathF.Sqrt(3);
        Assert.All(linear.Weight.ToArray().Concat(linear.Bias!.ToArray()), v => Assert.InRange(v, -bound, bound));
        var x = Tensor.FromArray([1f, 2f, 3f], 1, 3);
        var y = linear.Forward(x).ToArray();
        for (int o = 0; o < 2; o++)
        {
            float expected = linear.Bias.GetValue(o);
            for (int i = 0; i < 3; i++) expected += linear.Weight.GetValue(o, i) * (i + 1);
            Assert.Equal(expected, y[o], 5);
        }
        Assert.Equal(new[] { "weight", "bias" }, linear.NamedParameters().Select(p => p.Key));
        var e = Assert.Throws<ArgumentException>(() => linear.Forward(Tensor.Zeros(2, 4)));
        Assert.Contains("[2, 4]", e.Message);
    }
}
