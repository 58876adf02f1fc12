// PyTorch 1.13 goldens (tools/golden/make_loss_goldens.py -> tests/golden/losses/losses.safetensors):
// every case's loss value and the gradients of input, target (where torch has one) against Recur,
// to 1e-5 relative plus absolute, with the max difference in the failure message.
using System.Text.Json;
using Recur.IO;
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Tests.Losses;

public class LossGoldenTests
{
    private const double Tolerance = 1e-5;

    private static readonly string FilePath = Path.Combine(TestUtil.RepoRoot, "tests", "golden", "losses", "losses.safetensors");

    private static readonly Lazy<SafeTensorsFile> File = new(() => SafeTensors.Read(FilePath));

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static List<JsonElement> Cases()
    {
        var list = new List<JsonElement>();
        foreach (var e in JsonDocument.Parse(File.Value.Metadata["cases"]).RootElement.EnumerateArray()) list.Add(e);
        return list;
    }

    [Fact]
    public void File_holds_every_kind_of_case()
    {
        var kinds = new HashSet<string>();
        foreach (var c in Cases()) kinds.Add(c.GetProperty("loss").GetString()!);
        Assert.Equal(["bce_with_logits", "cross_entropy", "huber", "mae", "mse"], kinds.Order().ToArray());
        Assert.True(Cases().Count >= 40, $"only {Cases().Count} cases");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Loss_and_gradients_match_pytorch(string name)
    {
        var config = Cases().Single(c => c.GetProperty("name").GetString() == name);
        var file = File.Value;
        Tensor? Optional(string what) => file.TryGetValue($"{name}/{what}", out var a) ? a.ToTensor() : null;
        bool HasGrad(string what) => file.TryGetValue($"{name}/grad/{what}", out _);

        var input = Optional("input")!.RequireGrad();
        var rawTarget = file[$"{name}/target"];
        int[]? indices = null;
        Tensor target;
        if (rawTarget.DType == DType.I64)
        {
            var longs = rawTarget.AsInt64();
            indices = new int[longs.Length];
            var floats = new float[longs.Length];
            for (int i = 0; i < longs.Length; i++) floats[i] = indices[i] = (int)longs[i];
            target = Tensor.FromArray(floats, rawTarget.ShapeArray);
        }
        else target = rawTarget.ToTensor().RequireGrad(HasGrad("target"));
        var mask = Optional("mask");
        var posWeight = Optional("pos_weight");
        var reduction = config.GetProperty("reduction").GetString() switch
        {
            "mean" => Reduction.Mean,
            "sum" => Reduction.Sum,
            _ => Reduction.None,
        };
        ILoss loss = config.GetProperty("loss").GetString() switch
        {
            "mse" => new MseLoss(reduction),
            "mae" => new MaeLoss(reduction),
            "huber" => new HuberLoss(config.GetProperty("delta").GetSingle(), reduction),
            "cross_entropy" => new CrossEntropyLoss(config.GetProperty("ignore_index").GetInt32(),
                config.GetProperty("label_smoothing").GetSingle(), reduction),
            _ => new BceWithLogitsLoss(reduction, posWeight),
        };
        var result = loss is CrossEntropyLoss ce ? ce.Compute(input, target, mask) : loss.Compute(input, target);

        var expected = file[$"{name}/loss"];
        Assert.Equal(expected.ShapeArray, result.ShapeArray);
        TestUtil.AssertClose(expected.AsFloat32(), result.ReadOnlyData, Tolerance, Tolerance, $"{name} loss");
        if (indices != null)
        {
            var viaArray = ((CrossEntropyLoss)loss).Compute(input, indices, mask);
            TestUtil.AssertClose(expected.AsFloat32(), viaArray.ReadOnlyData, Tolerance, Tolerance, $"{name} loss (int[] targets)");
        }

        var w = Optional("w");
        if (w != null) result.Backward(w);
        else result.Backward();
        TestUtil.AssertClose(file[$"{name}/grad/input"].AsFloat32(), input.Grad!.ReadOnlyData, Tolerance, Tolerance, $"{name} grad/input");
        if (HasGrad("target"))
            TestUtil.AssertClose(file[$"{name}/grad/target"].AsFloat32(), target.Grad!.ReadOnlyData, Tolerance, Tolerance, $"{name} grad/target");
    }
}
