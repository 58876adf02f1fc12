// Tests of the Loss facade: each one-call method equals its loss class, FromName resolves every name
// and alias (case-insensitively) to the right loss, and an unknown name lists the valid ones.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Tests.Losses;

public class LossTests
{
    [Theory]
    [InlineData("mse", typeof(MseLoss), "mse")]
    [InlineData("mae", typeof(MaeLoss), "mae")]
    [InlineData("L1", typeof(MaeLoss), "mae")]
    [InlineData("huber", typeof(HuberLoss), "huber")]
    [InlineData("cross_entropy", typeof(CrossEntropyLoss), "cross_entropy")]
    [InlineData("CrossEntropy", typeof(CrossEntropyLoss), "cross_entropy")]
    [InlineData("sparse_categorical_crossentropy", typeof(CrossEntropyLoss), "cross_entropy")]
    [InlineData("bce_with_logits", typeof(BceWithLogitsLoss), "bce_with_logits")]
    [InlineData(" binary_crossentropy ", typeof(BceWithLogitsLoss), "bce_with_logits")]
    public void FromName_resolves_names_and_aliases(string name, Type type, string canonical)
    {
        var loss = Loss.FromName(name);
        Assert.IsType(type, loss);
        Assert.Equal(canonical, loss.Name);
        Assert.Contains(canonical, Loss.Names);
        Assert.Same(loss.GetType(), Loss.FromName(canonical, Reduction.Sum).GetType());
    }

    [Fact]
    public void FromName_passes_the_reduction()
    {
        var x = Tensor.FromArray([1f, 2f]);
        var y = Tensor.FromArray([0f, 0f]);
        Assert.Equal(5f, Loss.FromName("mse", Reduction.Sum).Compute(x, y).Item());
        Assert.Equal([1f, 4f], Loss.FromName("mse", Reduction.None).Compute(x, y).ToArray());
    }

    [Fact]
    public void Unknown_name_lists_the_valid_names()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.FromName("hinge"));
        Assert.Contains("'hinge'", e.Message);
        foreach (var name in Loss.Names) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void Facade_methods_equal_the_loss_classes()
    {
        var (x, y) = LossTestData.Pair(601, true, 3, 4);
        Assert.Equal(new MseLoss(Reduction.Sum).Compute(x, y).Item(), Loss.Mse(x, y, Reduction.Sum).Item());
        Assert.Equal(new MaeLoss().Compute(x, y).Item(), Loss.Mae(x, y).Item());
        Assert.Equal(new HuberLoss(0.7f).Compute(x, y).Item(), Loss.Huber(x, y, 0.7f).Item());
        var pw = Tensor.FromArray([1f, 2f, 3f, 4f]);
        var p = Tensor.Uniform(new Generator(602), 0f, 1f, 3, 4);
        Assert.Equal(new BceWithLogitsLoss(Reduction.Mean, pw).Compute(x, p).Item(), Loss.BceWithLogits(x, p, posWeight: pw).Item());
        var mask = Tensor.FromArray([1f, 0f, 1f]);
        var expected = new CrossEntropyLoss(2, 0.1f).Compute(x, Tensor.FromArray([0f, 3f, 2f]), mask).Item();
        Assert.Equal(expected, Loss.CrossEntropy(x, Tensor.FromArray([0f, 3f, 2f]), mask, 2, 0.1f).Item());
        Assert.Equal(expected, Loss.CrossEntropy(x, [0, 3, 2], mask, ignoreIndex: 2, labelSmoothing: 0.1f).Item());
        Assert.Equal(new CrossEntropyLoss().Compute(x, p).Item(), Loss.CrossEntropy(x, p).Item());
    }
}
