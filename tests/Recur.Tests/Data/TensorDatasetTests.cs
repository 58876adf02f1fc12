// TensorDatasetTests: Gather and GatherInto copy the named rows (hand-checked), into new or caller-owned
// tensors, and every bad input has a clear error.
using Recur.Data;
using Recur.Tensors;

namespace Recur.Tests.Data;

public class TensorDatasetTests
{
    // x[i] = [10i, 10i + 1], y[i] = i.
    private static TensorDataset Make(int n)
    {
        var x = new float[n * 2];
        var y = new float[n];
        for (int i = 0; i < n; i++) { x[2 * i] = 10 * i; x[2 * i + 1] = 10 * i + 1; y[i] = i; }
        return new TensorDataset(Tensor.FromArray(x, n, 2), Tensor.FromArray(y, n));
    }

    [Fact]
    public void Gather_copies_the_named_rows_in_order()
    {
        var ds = Make(5);
        Assert.Equal(5, ds.Count);
        var (x, y) = ds.Gather([3, 0, 3]);
        Assert.Equal(new[] { 3, 2 }, x.ShapeArray);
        Assert.Equal(new[] { 30f, 31f, 0f, 1f, 30f, 31f }, x.ToArray());
        Assert.Equal(new[] { 3f, 0f, 3f }, y.ToArray());
        x.Data[0] = -1f; // a copy, not a view
        Assert.Equal(30f, ds.X.GetValue(3, 0));
    }

    [Fact]
    public void GatherInto_fills_caller_owned_buffers()
    {
        var ds = Make(4);
        var xb = Tensor.Full(99f, 2, 2);
        var yb = Tensor.Full(99f, 2);
        ds.GatherInto([1, 2], xb, yb);
        Assert.Equal(new[] { 10f, 11f, 20f, 21f }, xb.ToArray());
        Assert.Equal(new[] { 1f, 2f }, yb.ToArray());
        var e = Assert.Throws<ArgumentException>(() => ds.GatherInto([1, 2, 3], xb, yb));
        Assert.Contains("xBuffer has shape [2, 2] but 3 samples of x need [3, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => ds.GatherInto([1, 2], xb, Tensor.Zeros(2, 1)));
        Assert.Contains("yBuffer has shape [2, 1] but 2 samples of y need [2]", e.Message);
    }

    [Fact]
    public void Bad_inputs_have_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros(10, 3), Tensor.Zeros(9)));
        Assert.Contains("x has 10 samples but y has 9", e.Message);
        e = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros(0, 3), Tensor.Zeros(0)));
        Assert.Contains("empty", e.Message);
        e = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Scalar(1f), Tensor.Zeros(1)));
        Assert.Contains("x is a scalar", e.Message);
        var oor = Assert.Throws<ArgumentOutOfRangeException>(() => Make(3).Gather([0, 3]));
        Assert.Contains("Index 3 (batch position 1) is out of range for 3 samples", oor.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(3).Gather([-1]));
    }
}
