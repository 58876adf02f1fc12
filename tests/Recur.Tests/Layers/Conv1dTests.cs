// Conv1d / pooling modules: PyTorch names and shapes, PyTorch's default init bound, output lengths.
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Layers;

public class Conv1dTests
{
    [Fact]
    public void Parameters_have_pytorch_names_shapes_and_init_bound()
    {
        var conv = new Conv1d(4, 8, 5, generator: new Generator(3));
        Assert.Equal(["weight", "bias"], conv.StateDict().Keys.ToArray());
        Assert.Equal([8, 4, 5], conv.Weight.ShapeArray);
        float bound = 1f / MathF.Sqrt(20);
        Assert.All(conv.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.True(conv.Weight.ToArray().Max(MathF.Abs) > 0.8f * bound, "weights should span the init range");
        Assert.All(conv.Bias!.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.Null(new Conv1d(4, 8, 5, bias: false).Bias);
    }

    [Fact]
    public void Output_lengths_match_forward()
    {
        var conv = new Conv1d(2, 3, 3, stride: 2, padding: 1, dilation: 2);
        var pool = new MaxPool1d(2);
        var avg = new AvgPool1d(3, 1, 1);
        for (int t = 5; t < 12; t++)
        {
            var y = conv.Forward(Tensor.Zeros(1, 2, t));
            Assert.Equal(conv.OutputLength(t), y.Size(2));
            Assert.Equal(pool.OutputLength(t), pool.Forward(Tensor.Zeros(1, 2, t)).Size(2));
            Assert.Equal(avg.OutputLength(t), avg.Forward(Tensor.Zeros(1, 2, t)).Size(2));
        }
        Assert.Empty(pool.StateDict());
    }

    [Fact]
    public void A_window_longer_than_the_input_is_an_error_not_one_truncated_output()
    {
        // (5 - 7) / 1 + 1 truncates to 1 in C#; floor gives 0, as PyTorch has it.
        var x = Tensor.FromArray([1f, 2, 3, 4, 5, 100, 200, 300, 400, 500], 1, 2, 5);
        Assert.Contains("shorter than the kernel 7", Assert.Throws<ArgumentException>(() => x.MaxPool1d(7)).Message);
        Assert.Contains("shorter than the kernel 7", Assert.Throws<ArgumentException>(() => x.AvgPool1d(7)).Message);
        Assert.True(new MaxPool1d(7).OutputLength(5) < 1);
        var w = Tensor.Ones(1, 1, 5);
        Assert.Contains("shorter than the dilated kernel 5",
            Assert.Throws<ArgumentException>(() => Tensor.Conv1d(Tensor.FromArray([1f, 2, 3, 4], 2, 1, 2), w, stride: 4)).Message);
        Assert.Equal(1, new MaxPool1d(5).OutputLength(5));
    }

    [Fact]
    public void An_empty_time_axis_is_an_error_even_when_padding_would_give_outputs()
    {
        // T = 0 with padding: the output-length formula gives positive lengths, but every window would be
        // padding alone (a bias, a zero, or -inf with an argmax of -1). PyTorch refuses; so does Recur.
        var x = Tensor.Zeros(1, 1, 0);
        Assert.Contains("got input shape [1, 1, 0] (an empty time axis)",
            Assert.Throws<ArgumentException>(() => Tensor.Conv1d(x, Tensor.Ones(1, 1, 1), padding: 1)).Message);
        Assert.Contains("expected a non-empty time axis, got input [1, 1, 0]",
            Assert.Throws<ArgumentException>(() => x.AvgPool1d(2, 2, padding: 1)).Message);
        Assert.Contains("expected a non-empty time axis, got input [1, 1, 0]",
            Assert.Throws<ArgumentException>(() => x.MaxPool1d(2, 2, padding: 1)).Message);
    }
}
