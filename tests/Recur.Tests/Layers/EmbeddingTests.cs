using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Layers;

public class EmbeddingTests
{
    [Fact]
    public void Lookup_from_float_ids_and_padding_row_stays_zero_without_gradient()
    {
        var emb = new Embedding(5, 3, paddingIndex: 0, generator: new Generator(1));
        Assert.All(emb.Weight.ToArray().Take(3), v => Assert.Equal(0f, v));
        var ids = Tensor.FromArray([2f, 0f, 4f, 2f], 2, 2);
        var y = emb.Forward(ids);
        Assert.Equal(new[] { 2, 2, 3 }, y.ShapeArray);
        Assert.Equal(emb.Weight[4].ToArray(), y[1, 0].ToArray());
        y.Sum().Backward();
        var grad = emb.Weight.Grad!;
        Assert.Equal(new[] { 2f, 2f, 2f }, grad[2].ToArray());
        Assert.Equal(new[] { 0f, 0f, 0f }, grad[0].ToArray());
        Assert.Contains("whole numbers", Assert.Throws<ArgumentException>(() => emb.Forward(Tensor.FromArray([1.5f]))).Message);
    }

    [Fact]
    public void Default_init_is_standard_normal()
    {
        var w = new Embedding(1000, 50, generator: new Generator(3)).Weight.ToArray();
        double mean = w.Average(), std = Math.Sqrt(w.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(std, 0.98, 1.02);
    }

    [Fact]
    public void A_huge_index_is_named_as_it_was_given()
    {
        var e = Assert.Throws<ArgumentException>(() => new Embedding(4, 2).Forward(Tensor.FromArray([1f, 1e10f])));
        Assert.Contains("index 1E+10 (at position 1) is not in [0, 4)", e.Message);
    }
}
