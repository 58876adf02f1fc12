// Summation: long sums (full tensors, axes, bias gradients over many rows) stay within a few float roundings (2e-6) of the
// double-precision sum, where one running float total drifted by 0.1 % or more; short sums keep their bits.
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Tensors;

public class SummationTests
{
    private static double Exact(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x) s += v;
        return s;
    }

    [Theory]
    [InlineData(1_000_000), InlineData(10_000_000), InlineData(1025)]
    public void Long_sums_and_means_are_within_a_few_float_roundings(int n)
    {
        var x = Tensor.Full(0.1f, n);
        double exact = Exact(x.ReadOnlyData);
        Assert.True(Math.Abs(x.Sum().Item() - exact) <= 2e-6 * exact, $"sum {x.Sum().Item()} vs {exact}");
        Assert.True(Math.Abs(x.Mean().Item() - exact / n) <= 2e-6 * exact / n, $"mean {x.Mean().Item()}");
        var rows = Tensor.Full(0.1f, n / 16, 16).Sum(0).ToArray();
        double column = Exact(Tensor.Full(0.1f, n / 16).ReadOnlyData);
        Assert.All(rows, v => Assert.True(Math.Abs(v - column) <= 2e-6 * column, $"axis sum {v} vs {column}"));
    }

    [Fact]
    public void Short_sums_keep_the_bits_of_one_float_pass()
    {
        var x = Tensor.Uniform(new Generator(1), -1, 1, 1024);
        Assert.Equal(TensorPrimitives.Sum(x.ReadOnlyData), x.Sum().Item());
        var m = Tensor.Uniform(new Generator(2), -1, 1, 256, 5);
        var expected = new float[5];
        for (int r = 0; r < 256; r++) TensorPrimitives.Add(expected, m.ReadOnlyData.Slice(r * 5, 5), expected);
        Assert.Equal(expected, m.Sum(0).ToArray());
    }

    [Fact]
    public void A_bias_gradient_over_many_rows_is_accurate_on_the_tape_and_in_a_plan_alike()
    {
        // 200,000 rows of upstream gradient 0.01: the bias gradient is 2000 per output (it came out 1 % low).
        var linear = new Linear(2, 3, generator: new Generator(3));
        var x = Tensor.Uniform(new Generator(4), -1, 1, 200_000, 2);
        (linear.Forward(x) * 0.01f).Sum().Backward();
        double exact = Exact(Tensor.Full(0.01f, 200_000).ReadOnlyData);
        Assert.All(linear.Bias!.Grad!.ToArray(), v => Assert.True(Math.Abs(v - exact) <= 1e-6 * exact, $"tape {v} vs {exact}"));
    }
}
