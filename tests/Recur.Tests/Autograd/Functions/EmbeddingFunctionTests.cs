// Tests of Embedding: gradients with repeated indices, forward against row copies, the padding row
// receiving no gradient, and bad indices and shapes.
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class EmbeddingFunctionTests
{
    [Fact]
    public void Gradients_match_finite_differences_with_repeated_indices()
    {
        var g = new Generator(131);
        int[] indices = [0, 3, 3, 1, 4, 0];
        TestUtil.AssertGradCheck(x => Tensor.Embedding(x[0], indices, [2, 3]), TestUtil.Rand(g, 5, 4));
        TestUtil.AssertGradCheck(x => Tensor.Embedding(x[0], indices, [6], paddingIndex: 2), TestUtil.Rand(g, 5, 2));
    }

    [Fact]
    public void Forward_copies_rows_in_index_order()
    {
        var g = new Generator(132);
        var w = Tensor.Uniform(g, -1, 1, 4, 3);
        var y = Tensor.Embedding(w, [2, 0, 2, 3], [2, 2]);
        Assert.Equal(new[] { 2, 2, 3 }, y.ShapeArray);
        int[,] idx = { { 2, 0 }, { 2, 3 } };
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                for (int e = 0; e < 3; e++)
                    Assert.Equal(w.GetValue(idx[i, j], e), y.GetValue(i, j, e));
    }

    [Fact]
    public void Padding_row_gets_no_gradient_and_repeats_accumulate()
    {
        var w = Tensor.Ones(3, 2).RequireGrad();
        var y = Tensor.Embedding(w, [1, 0, 1, 2], [4], paddingIndex: -1); // -1 is row 2
        y.Backward(Tensor.Ones(4, 2));
        Assert.Equal(new[] { 1f, 1f, 2f, 2f, 0f, 0f }, w.Grad!.ToArray());
        Assert.Equal(1f, y.GetValue(3, 0)); // the forward still reads the padding row
    }

    [Fact]
    public void Out_of_range_index_names_index_and_vocabulary()
    {
        var w = Tensor.Zeros(5, 2);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Embedding(w, [1, 5], [2]));
        Assert.Contains("index out of range in self", e.Message);
        Assert.Contains("5", e.Message);
        Assert.Contains("[5, 2]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Embedding(w, [-1], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Embedding(w, [0], [1], paddingIndex: 5));
    }

    [Fact]
    public void Bad_shapes_name_op_and_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Embedding(Tensor.Zeros(5), [1], [1]));
        Assert.Contains("embedding", e.Message);
        Assert.Contains("[5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Embedding(Tensor.Zeros(5, 2), [1, 2, 3], [2, 2]));
        Assert.Contains("embedding", e.Message);
        Assert.Contains("[2, 2]", e.Message);
        Assert.Contains("[5, 2]", e.Message);
    }
}
