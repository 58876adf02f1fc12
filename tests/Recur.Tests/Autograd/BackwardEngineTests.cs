// Tests of autograd semantics: accumulation, reuse of a tensor, no-grad scopes, Detach, the errors of
// Backward, retainGraph, RetainGrad on intermediates, and a very long chain without stack overflow.
using Recur.Autograd;
using Recur.Tensors;

namespace Recur.Tests.Autograd;

public class BackwardEngineTests
{
    [Fact]
    public void Gradients_accumulate_across_backward_calls()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        (x * 3f).Sum().Backward();
        (x * 3f).Sum().Backward();
        Assert.Equal(new[] { 6f, 6f }, x.Grad!.ToArray());
        x.ZeroGrad();
        (x * 3f).Sum().Backward();
        Assert.Equal(new[] { 3f, 3f }, x.Grad!.ToArray());
    }

    [Fact]
    public void Tensor_used_twice_gets_both_contributions()
    {
        var x = Tensor.FromArray([1.5f, -2f, 0.25f]).RequireGrad();
        (x * x).Sum().Backward();
        Assert.Equal(new[] { 3f, -4f, 0.5f }, x.Grad!.ToArray());
    }

    [Fact]
    public void No_grad_scope_records_nothing()
    {
        var x = Tensor.Ones(2).RequireGrad();
        Tensor y;
        using (GradMode.NoGrad())
        {
            Assert.False(GradMode.IsEnabled);
            y = (x * 2f).Exp().Sum();
        }
        Assert.True(GradMode.IsEnabled);
        Assert.False(y.RequiresGrad);
        Assert.Null(y.GradFnName);
        Assert.True((x * 2f).RequiresGrad);
    }

    [Fact]
    public void Detach_cuts_the_graph()
    {
        var x = Tensor.FromArray([2f]).RequireGrad();
        var d = x.Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        (x * d).Sum().Backward(); // d is a constant: d(x*d)/dx = d
        Assert.Equal(2f, x.Grad!.Item());
    }

    [Fact]
    public void Backward_without_requires_grad_says_to_set_it()
    {
        var y = (Tensor.Ones(2) * 2f).Sum();
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("RequiresGrad", e.Message);
    }

    [Fact]
    public void Second_backward_without_retain_graph_throws()
    {
        var x = Tensor.FromArray([0.5f, 1f]).RequireGrad();
        var y = x.Tanh().Sum();
        y.Backward();
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("retainGraph", e.Message);
    }

    [Fact]
    public void Retain_graph_allows_a_second_backward()
    {
        var x = Tensor.FromArray([0.5f, 1f]).RequireGrad();
        var y = x.Exp().Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(2 * MathF.Exp(0.5f), x.Grad!.GetValue(0), 1e-5f);
        Assert.Equal(2 * MathF.E, x.Grad!.GetValue(1), 1e-5f);
    }

    [Fact]
    public void Retain_grad_keeps_an_intermediate_gradient()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        var h = (x * 2f).RetainGrad();
        var other = x * 3f;
        (h * h + other).Sum().Backward();
        Assert.Equal(new[] { 4f, 8f }, h.Grad!.ToArray()); // d(h^2)/dh = 2h = 4x
        Assert.Null(other.Grad);
        Assert.Equal(new[] { 11f, 19f }, x.Grad!.ToArray()); // 8x + 3
    }

    [Fact]
    public void Long_chain_does_not_overflow_the_stack()
    {
        var x = Tensor.FromArray([1f]).RequireGrad();
        var one = Tensor.FromArray([1f]);
        var y = x;
        for (int i = 0; i < 100_000; i++) y += one;
        Assert.Equal(100_001f, y.Item());
        y.Backward();
        Assert.Equal(1f, x.Grad!.Item());
    }

    [Fact]
    public void Non_scalar_backward_needs_a_gradient()
    {
        var y = Tensor.Ones(2, 2).RequireGrad() * 2f;
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("[2, 2]", e.Message);
        var a = Assert.Throws<ArgumentException>(() => y.Backward(Tensor.Ones(4)));
        Assert.Contains("[4]", a.Message);
    }
}
