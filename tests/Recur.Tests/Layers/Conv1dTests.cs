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
}
