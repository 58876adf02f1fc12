// PyTorch 1.13 goldens (tools/golden/make_ctc_goldens.py -> tests/golden/ctc/ctc.safetensors): CTC loss
// values and gradients w.r.t. the logits (through LogSoftmax) for repeated labels, varied lengths, an
// empty target, a non-zero blank, every reduction and zero_infinity; plus torch's own log_probs gradient,
// which equals Recur's true derivative plus exp(log_probs) * (upstream scale) for t < T_b.
using System.Text.Json;
using Recur.IO;
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Tests.Losses;

public class CtcLossGoldenTests
{
    private static readonly Lazy<SafeTensorsFile> File = new(() =>
        SafeTensors.Read(Path.Combine(TestUtil.RepoRoot, "tests", "golden", "ctc", "ctc.safetensors")));

    private static List<JsonElement> Cases() =>
        JsonDocument.Parse(File.Value.Metadata["cases"]).RootElement.EnumerateArray().ToList();

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static int[] Ints(string name) => File.Value[name].AsInt64().Select(v => (int)v).ToArray();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Loss_and_gradients_match_pytorch(string name)
    {
        var config = Cases().Single(c => c.GetProperty("name").GetString() == name);
        var reduction = config.GetProperty("reduction").GetString() switch { "none" => Reduction.None, "sum" => Reduction.Sum, _ => Reduction.Mean };
        var loss = new CtcLoss(config.GetProperty("blank").GetInt32(), reduction, config.GetProperty("zero_infinity").GetBoolean());
        var file = File.Value;
        var logits = file[$"{name}/logits"].ToTensor().RequireGrad();
        var (targets, inputLengths, targetLengths) = (Ints($"{name}/targets"), Ints($"{name}/input_lengths"), Ints($"{name}/target_lengths"));

        var logProbs = logits.LogSoftmax(-1);
        var value = loss.Compute(logProbs, targets, inputLengths, targetLengths);
        TestUtil.AssertClose(file[$"{name}/loss"].AsFloat32(), value.ReadOnlyData, 1e-5, 1e-5, $"{name} loss");
        var w = reduction == Reduction.None ? file[$"{name}/w"].ToTensor() : null;
        (w == null ? value : (value * w).Sum()).Backward();
        TestUtil.AssertClose(file[$"{name}/grad/logits"].AsFloat32(), logits.Grad!.ReadOnlyData, 1e-5, 1e-4, $"{name} grad logits");

        // torch's log_probs gradient = true derivative + exp(lp) * scale_b for t < T_b (0 after; 0 for zeroed infinite losses).
        var lp = logProbs.Detach().Clone().RequireGrad();
        var direct = loss.Compute(lp, targets, inputLengths, targetLengths);
        (w == null ? direct : (direct * w).Sum()).Backward();
        var adjusted = lp.Grad!.ToArray();
        int b = lp.Size(0), t = lp.Size(1), c = lp.Size(2);
        var perSample = new CtcLoss(loss.Blank, Reduction.None).Compute(lp.Detach(), targets, inputLengths, targetLengths).ToArray();
        for (int n = 0; n < b; n++)
        {
            if (float.IsPositiveInfinity(perSample[n])) continue; // zero_infinity: torch's gradient is 0 too
            float scale = reduction switch
            {
                Reduction.None => w!.ReadOnlyData[n],
                Reduction.Sum => 1f,
                _ => 1f / (Math.Max(targetLengths[n], 1) * b),
            };
            for (int s = 0; s < inputLengths[n]; s++)
                for (int k = 0; k < c; k++)
                    adjusted[(n * t + s) * c + k] += MathF.Exp(lp.ReadOnlyData[(n * t + s) * c + k]) * scale;
        }
        TestUtil.AssertClose(file[$"{name}/grad/log_probs"].AsFloat32(), adjusted, 1e-5, 1e-4, $"{name} torch grad log_probs");
    }

    [Fact]
    public void Zero_infinity_matters_for_impossible_alignments()
    {
        var lp = Tensor.Zeros(1, 3, 4).LogSoftmax(-1);
        var inf = new CtcLoss(reduction: Reduction.Sum).Compute(lp, [[1, 1, 1]], [3]);
        Assert.True(float.IsPositiveInfinity(inf.Item()));
        var zero = new CtcLoss(reduction: Reduction.Sum, zeroInfinity: true).Compute(lp, [[1, 1, 1]], [3]);
        Assert.Equal(0f, zero.Item());
    }
}
