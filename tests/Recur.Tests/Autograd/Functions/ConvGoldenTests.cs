// PyTorch 1.13 goldens (tools/golden/make_conv_goldens.py -> tests/golden/conv/conv.safetensors):
// conv1d with stride, padding, dilation and with/without bias; max and average pooling; outputs and every
// gradient of sum(y * w), each compared with its max difference in the failure message.
using System.Text.Json;
using Recur.IO;
using Recur.Tensors;

namespace Recur.Tests.Autograd.Functions;

public class ConvGoldenTests
{
    private static readonly Lazy<SafeTensorsFile> File = new(() =>
        SafeTensors.Read(Path.Combine(TestUtil.RepoRoot, "tests", "golden", "conv", "conv.safetensors")));

    private static List<JsonElement> Cases() =>
        JsonDocument.Parse(File.Value.Metadata["cases"]).RootElement.EnumerateArray().ToList();

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Fact]
    public void File_holds_every_op()
    {
        var ops = Cases().Select(c => c.GetProperty("op").GetString()!).Distinct().Order().ToArray();
        Assert.Equal(["avg_pool1d", "conv1d", "max_pool1d"], ops);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Output_and_gradients_match_pytorch(string name)
    {
        var config = Cases().Single(c => c.GetProperty("name").GetString() == name);
        var file = File.Value;
        Tensor Get(string what) => file[$"{name}/{what}"].ToTensor();
        var x = Get("x").RequireGrad();
        string op = config.GetProperty("op").GetString()!;
        int stride = config.GetProperty("stride").GetInt32(), padding = config.GetProperty("padding").GetInt32();
        Tensor y;
        Tensor? weight = null, bias = null;
        if (op == "conv1d")
        {
            weight = Get("weight").RequireGrad();
            if (config.GetProperty("bias").GetBoolean()) bias = Get("bias").RequireGrad();
            y = Tensor.Conv1d(x, weight, bias, stride, padding, config.GetProperty("dilation").GetInt32());
        }
        else
        {
            int kernel = config.GetProperty("kernel").GetInt32();
            y = op == "max_pool1d" ? x.MaxPool1d(kernel, stride, padding) : x.AvgPool1d(kernel, stride, padding);
        }
        var expected = Get("y");
        Assert.Equal(expected.ShapeArray, y.ShapeArray);
        TestUtil.AssertClose(expected.ReadOnlyData, y.ReadOnlyData, 1e-5, 1e-5, $"{name} y");
        (y * Get("w")).Sum().Backward();
        TestUtil.AssertClose(Get("grad/x").ReadOnlyData, x.Grad!.ReadOnlyData, 1e-5, 1e-5, $"{name} grad x");
        if (weight != null) TestUtil.AssertClose(Get("grad/weight").ReadOnlyData, weight.Grad!.ReadOnlyData, 1e-4, 1e-5, $"{name} grad weight");
        if (bias != null) TestUtil.AssertClose(Get("grad/bias").ReadOnlyData, bias.Grad!.ReadOnlyData, 1e-4, 1e-5, $"{name} grad bias");
    }
}
