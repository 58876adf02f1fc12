// GradClipTests: ClipGradNorm (p = 1, 2, inf; clipped and not) and ClipGradValue against
// torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (1.13) goldens, plus the documented edge cases:
// non-finite totals leave gradients alone, missing gradients are skipped, bad arguments are named.
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class GradClipTests
{
    public static TheoryData<string> NormCases() => OptimGolden.Cases("clips", "norm");

    private static Tensor[] Load(string name)
    {
        var ps = new Tensor[2];
        for (int k = 0; k < 2; k++)
        {
            var g = OptimGolden.File[$"{name}/g{k}"];
            ps[k] = Tensor.Zeros(g.ShapeArray);
            ps[k].Grad = Tensor.FromArray(g.AsFloat32(), g.ShapeArray);
        }
        return ps;
    }

    private static void AssertClipped(string name, Tensor[] ps)
    {
        for (int k = 0; k < 2; k++)
            TestUtil.AssertClose(OptimGolden.File[$"{name}/clipped{k}"].AsFloat32(), ps[k].Grad!.ToArray(), 1e-6, 1e-6, $"{name}: gradient {k}");
    }

    [Theory]
    [MemberData(nameof(NormCases))]
    public void Clip_grad_norm_matches_pytorch(string name)
    {
        var o = OptimGolden.Options("clips", name);
        var ps = Load(name);
        float normType = o.GetProperty("normType").ValueKind == System.Text.Json.JsonValueKind.String
            ? float.PositiveInfinity : o.GetProperty("normType").GetSingle();
        float total = GradClip.ClipGradNorm(ps, o.GetProperty("maxNorm").GetSingle(), normType);
        TestUtil.AssertClose(OptimGolden.File[$"{name}/total_norm"].AsFloat32(), [total], 1e-6, 1e-6, $"{name}: total norm");
        AssertClipped(name, ps);
    }

    [Fact]
    public void Clip_grad_value_matches_pytorch()
    {
        var ps = Load("value");
        GradClip.ClipGradValue(ps, OptimGolden.Options("clips", "value").GetProperty("clipValue").GetSingle());
        AssertClipped("value", ps);
    }

    [Fact]
    public void Two_norm_clipping_of_a_three_four_gradient()
    {
        var a = Tensor.Zeros(1);
        var b = Tensor.Zeros(1);
        var skipped = Tensor.Zeros(1);
        (a.Grad, b.Grad) = (Tensor.FromArray([3f]), Tensor.FromArray([-4f]));
        Assert.Equal(5f, GradClip.ClipGradNorm([a, skipped, b], 1f));
        Assert.Equal(0.6f, a.Grad.Item(), 5);
        Assert.Equal(-0.8f, b.Grad.Item(), 5);
        Assert.Null(skipped.Grad);
        Assert.Equal(0f, GradClip.ClipGradNorm([skipped], 1f));
    }

    [Fact]
    public void Non_finite_norms_are_returned_and_gradients_left_alone()
    {
        var p = Tensor.Zeros(3);
        p.Grad = Tensor.FromArray([1f, float.PositiveInfinity, 2f]);
        Assert.Equal(float.PositiveInfinity, GradClip.ClipGradNorm([p], 1f));
        Assert.Equal(float.PositiveInfinity, GradClip.ClipGradNorm([p], 1f, float.PositiveInfinity));
        p.Grad = Tensor.FromArray([1f, float.NaN, 2f]);
        Assert.True(float.IsNaN(GradClip.ClipGradNorm([p], 1f)));
        Assert.True(float.IsNaN(GradClip.ClipGradNorm([p], 1f, float.PositiveInfinity)));
        Assert.Equal(2f, p.Grad.GetValue(2));
    }

    [Fact]
    public void Invalid_arguments_are_named()
    {
        var p = Tensor.Zeros(1);
        Assert.Equal("normType", Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradNorm([p], 1f, 0f)).ParamName);
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradNorm([p], -1f)).ParamName);
        Assert.Equal("clipValue", Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradValue([p], float.NaN)).ParamName);
    }
}
