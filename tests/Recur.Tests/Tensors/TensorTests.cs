// Tests of Tensor creation, views and element access: constant and random creation, determinism per
// seed, the moments of Normal, storage sharing of views, and the errors of Item and GetValue.
using Recur.Tensors;

namespace Recur.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void Constant_creation_fills_the_shape()
    {
        var z = Tensor.Zeros(2, 3);
        Assert.Equal(new[] { 2, 3 }, z.ShapeArray);
        Assert.All(z.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Tensor.Ones(4).ToArray(), v => Assert.Equal(1f, v));
        var f = Tensor.Full(2.5f, 3, 1);
        Assert.Equal(new[] { 3, 1 }, f.ShapeArray);
        Assert.All(f.ToArray(), v => Assert.Equal(2.5f, v));
        Assert.Equal(0, Tensor.Scalar(4f).Rank);
        Assert.Equal(4f, Tensor.Scalar(4f).Item());
    }

    [Fact]
    public void Axis_helpers_on_a_scalar_answer_as_pytorch_does()
    {
        // PyTorch: torch.tensor(1.).size(0) is "Dimension specified as 0 but tensor has no dimensions";
        // transpose(0, 0) and transpose(-1, 0) of a scalar are the scalar.
        var s = Tensor.Scalar(3f).RequireGrad();
        Assert.Contains("dimension specified as 0 but tensor has no dimensions", Assert.Throws<ArgumentOutOfRangeException>(() => s.Size(0)).Message);
        var t = s.SwapAxes(0, -1);
        Assert.Equal(0, t.Rank);
        Assert.Equal(3f, t.Item());
        (t * 2f).Backward();
        Assert.Equal(2f, s.Grad!.Item());
    }

    [Fact]
    public void FromArray_copies_and_checks_the_shape()
    {
        float[] data = [1f, 2f, 3f, 4f, 5f, 6f];
        var t = Tensor.FromArray(data, 3, 2);
        data[0] = 99f;
        Assert.Equal(1f, t.GetValue(0, 0));
        Assert.Equal(6f, t.GetValue(2, 1));
        Assert.Equal(new[] { 6 }, Tensor.FromArray(data).ShapeArray);
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f, 3f], 2, 2));
        Assert.Contains("FromArray", e.Message);
        Assert.Contains("[2, 2]", e.Message);
        Assert.Contains("3", e.Message);
        var m = Tensor.FromArray(new float[,] { { 1f, 2f, 3f }, { 4f, 5f, 6f } });
        Assert.Equal(new[] { 2, 3 }, m.ShapeArray);
        Assert.Equal(6f, m.GetValue(1, 2));
    }

    [Fact]
    public void Random_creation_repeats_for_a_seed_and_differs_across_seeds()
    {
        Assert.Equal(Tensor.Uniform(new Generator(3), -1, 1, 50).ToArray(), Tensor.Uniform(new Generator(3), -1, 1, 50).ToArray());
        Assert.NotEqual(Tensor.Uniform(new Generator(3), -1, 1, 50).ToArray(), Tensor.Uniform(new Generator(4), -1, 1, 50).ToArray());
        Assert.Equal(Tensor.Normal(new Generator(5), 0, 1, 50).ToArray(), Tensor.Normal(new Generator(5), 0, 1, 50).ToArray());
        Assert.NotEqual(Tensor.Normal(new Generator(5), 0, 1, 50).ToArray(), Tensor.Normal(new Generator(6), 0, 1, 50).ToArray());
        Assert.All(Tensor.Uniform(new Generator(7), 2, 3, 1000).ToArray(), v => Assert.InRange(v, 2f, 3f));
    }

    [Fact]
    public void Normal_has_the_requested_mean_and_std()
    {
        var x = Tensor.Normal(new Generator(8), 2f, 0.5f, 100_000).ReadOnlyData;
        double sum = 0, sq = 0;
        foreach (float v in x) sum += v;
        double mean = sum / x.Length;
        foreach (float v in x) sq += (v - mean) * (v - mean);
        double std = Math.Sqrt(sq / (x.Length - 1));
        Assert.InRange(mean, 1.99, 2.01);
        Assert.InRange(std, 0.49, 0.51);
    }

    [Fact]
    public void Invalid_random_parameters_throw()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Uniform(new Generator(1), 1, 0, 2));
        Assert.Throws<ArgumentException>(() => Tensor.Normal(new Generator(1), 0, -1, 2));
    }

    [Fact]
    public void Views_share_storage_with_the_parent()
    {
        var parent = Tensor.Zeros(2, 3);
        var row = parent[1];
        row.Data[2] = 7f;
        Assert.Equal(7f, parent.GetValue(1, 2));
        var flat = parent.Reshape(6);
        flat.SetValue(3f, 0);
        Assert.Equal(3f, parent.GetValue(0, 0));
        parent.SetValue(-4f, 1, 0);
        Assert.Equal(-4f, row.GetValue(0));
        var detached = parent.Detach();
        detached.SetValue(5f, 0, 1);
        Assert.Equal(5f, parent.GetValue(0, 1));
        var clone = parent.Clone();
        clone.SetValue(9f, 0, 1);
        Assert.Equal(5f, parent.GetValue(0, 1));
    }

    [Fact]
    public void Clone_copies_and_stays_in_the_graph_as_in_pytorch()
    {
        // torch: x = [1, 2]; (x.clone() * x).sum().backward() gives x.grad = 2x = [2, 4].
        var x = Tensor.FromArray([1f, 2f], 2).RequireGrad();
        var c = x.Clone();
        Assert.True(c.RequiresGrad);
        (c * x).Sum().Backward();
        Assert.Equal(new[] { 2f, 4f }, x.Grad!.ToArray());
        // Detach().Clone() is the copy cut from the graph.
        var cut = x.Detach().Clone();
        Assert.False(cut.RequiresGrad);
        cut.SetValue(7f, 0);
        Assert.Equal(1f, x.GetValue(0));
    }

    [Fact]
    public void Item_requires_exactly_one_element()
    {
        Assert.Equal(3f, Tensor.Full(3f, 1, 1).Item());
        var e = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).Item());
        Assert.Contains("2 elements", e.Message);
    }

    [Fact]
    public void GetValue_checks_rank_and_bounds()
    {
        var t = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        Assert.Equal(6f, t.GetValue(-1, -1));
        var e = Assert.Throws<IndexOutOfRangeException>(() => t.GetValue(0, 3));
        Assert.Equal("index 3 is out of bounds for dimension 1 with size 3", e.Message);
        Assert.Throws<IndexOutOfRangeException>(() => t.GetValue(-3, 0));
        var a = Assert.Throws<ArgumentException>(() => t.GetValue(1));
        Assert.Contains("[2, 3]", a.Message);
    }

    [Fact]
    public void Requires_grad_can_only_be_cleared_on_leaves()
    {
        var x = Tensor.Ones(2).RequireGrad();
        var y = x * 2f;
        Assert.False(y.IsLeaf);
        Assert.Equal("MulBackward", y.GradFnName);
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Contains("MulBackward", y.ToString());
    }
}
