using Recur.Tensors;
using Recur.Training.Metrics;
using Xunit;

namespace Recur.Tests.Training.Metrics;

public class RegressionMetricsTests
{
    [Fact]
    public void Rmse_and_mae_average_over_every_element_of_every_batch()
    {
        var rmse = new Rmse();
        var mae = new Mae();
        Assert.True(double.IsNaN(rmse.Result));
        // Errors 0, -2, 3 in the first batch and 1 in the second: squares 0, 4, 9, 1; absolute values 0, 2, 3, 1.
        foreach (var m in new IMetric[] { rmse, mae })
        {
            m.Update(Tensor.FromArray([1f, 2f, 3f]).Reshape(3, 1), Tensor.FromArray([1f, 4f, 0f]));
            m.Update(Tensor.FromArray([5f]), Tensor.FromArray([4f]).Reshape(1, 1));
        }
        Assert.Equal(Math.Sqrt(14.0 / 4), rmse.Result, 12);
        Assert.Equal(6.0 / 4, mae.Result, 12);
        rmse.Reset();
        Assert.True(double.IsNaN(rmse.Result));
    }

    [Fact]
    public void Shapes_that_differ_beyond_axes_of_size_one_are_refused()
    {
        var p = Tensor.Zeros(2, 3);
        var t = Tensor.Zeros(3, 2);
        var e = Assert.Throws<ArgumentException>(() => new Rmse().Update(p, t));
        Assert.Contains("prediction [2, 3] and target [3, 2] differ in shape", e.Message);
        Assert.Throws<ArgumentException>(() => new Mae().Update(Tensor.Zeros(4), Tensor.Zeros(2, 2)));
        // Axes of size 1 anywhere are fine.
        new Mae().Update(Tensor.Zeros(1, 4, 1), Tensor.Zeros(4));
    }
}
