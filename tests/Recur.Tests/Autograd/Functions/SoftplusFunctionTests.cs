// Softplus: values and gradients against torch.nn.functional.softplus 1.13 (beta 1, threshold 20), including
// very negative inputs and both sides of the threshold, and finite differences.
using Recur.IO;
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class SoftplusFunctionTests
{
    [Fact]
    public void Matches_pytorch_on_both_sides_of_the_threshold()
    {
        var file = SafeTensors.Read(Path.Combine(TestUtil.RepoRoot, "tests", "golden", "layers", "ntm.safetensors"));
        var x = file["softplus/x"].ToTensor().RequireGrad();
        var y = x.Softplus();
        y.Sum().Backward();
        TestUtil.AssertClose(file["softplus/y"].ToTensor().ReadOnlyData, y.ReadOnlyData, 1e-7, 1e-6, "softplus");
        TestUtil.AssertClose(file["softplus/grad"].ToTensor().ReadOnlyData, x.Grad!.ReadOnlyData, 1e-7, 1e-6, "softplus gradient");
        Assert.Equal(Math.Exp(-30), y.GetValue(0), 1e-20);   // e^x itself, exact, far below where log(1 + e^x) loses it
        Assert.Equal((float)Math.Exp(-60), Tensor.FromArray([-60f], 1).Softplus().GetValue(0));
    }

    [Fact]
    public void Gradients_match_finite_differences()
    {
        var g = new Generator(181);
        TestUtil.AssertGradCheck(x => x[0].Softplus(), Tensor.Uniform(g, -4, 4, 3, 5).RequireGrad());
    }
}
