// NeuralTuringMachine: outputs, final memory and every gradient against the same machine in PyTorch 1.13
// (tools/golden/make_ntm_goldens.py), finite differences, addressing properties, and bad input named.
using System.Text.Json;
using Recur.IO;
using Recur.Layers.Memory;
using Recur.Tensors;

namespace Recur.Tests.Layers.Memory;

public class NeuralTuringMachineTests
{
    private static readonly string File = Path.Combine(TestUtil.RepoRoot, "tests", "golden", "layers", "ntm.safetensors");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in JsonDocument.Parse(SafeTensors.Read(File).Metadata["cases"]).RootElement.EnumerateArray())
            data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch_in_outputs_memory_and_every_gradient(string name)
    {
        var file = SafeTensors.Read(File);
        var c = JsonDocument.Parse(file.Metadata["cases"]).RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        int I(string key) => c.GetProperty(key).GetInt32();
        Tensor Get(string what) => file[$"{name}/{what}"].ToTensor();
        var ntm = new NeuralTuringMachine(I("I"), I("O"), I("H"), I("N"), I("M"));
        var state = ntm.StateDict();
        ntm.LoadStateDict(state.Keys.ToDictionary(k => k, k => Get("param/" + k)));
        var x = Get("x").RequireGrad();
        var (outputs, final) = ntm.Forward(x);
        ((outputs * Get("w_out")).Sum() + (final.Memory * Get("w_mem")).Sum()).Backward();
        TestUtil.AssertClose(Get("outputs").ReadOnlyData, outputs.ReadOnlyData, 1e-5, 1e-4, $"{name} outputs");
        TestUtil.AssertClose(Get("memory").ReadOnlyData, final.Memory.ReadOnlyData, 1e-5, 1e-4, $"{name} memory");
        TestUtil.AssertClose(Get("read_weights").ReadOnlyData, final.ReadWeights.ReadOnlyData, 1e-5, 1e-4, $"{name} read weights");
        TestUtil.AssertClose(Get("grad/x").ReadOnlyData, x.Grad!.ReadOnlyData, 1e-5, 1e-4, $"{name} grad x");
        foreach (var (key, p) in state)
            TestUtil.AssertClose(Get("grad/" + key).ReadOnlyData, p.Grad!.ReadOnlyData, 1e-5, 1e-4, $"{name} grad {key}");
    }

    [Fact]
    public void Gradients_match_finite_differences()
    {
        var g = new Generator(51);
        var ntm = new NeuralTuringMachine(2, 2, controllerSize: 3, memorySlots: 4, memoryWidth: 2, generator: g);
        TestUtil.AssertGradCheck(t =>
        {
            var (outputs, final) = ntm.Forward(t[0]);
            return (outputs * outputs).Sum() + final.Memory.Sum();
        }, [TestUtil.Rand(g, 2, 3, 2), .. ntm.Parameters()]);
    }

    [Fact]
    public void Weightings_are_distributions_and_a_step_equals_the_sequence()
    {
        var g = new Generator(52);
        var ntm = new NeuralTuringMachine(3, 2, controllerSize: 8, memorySlots: 5, memoryWidth: 3, generator: g);
        var x = Tensor.Uniform(g, -1, 1, 2, 4, 3);
        var (outputs, final) = ntm.Forward(x);
        Assert.Equal([2, 4, 2], outputs.ShapeArray);
        foreach (var w in new[] { final.ReadWeights, final.WriteWeights })
            for (int b = 0; b < 2; b++)
            {
                Assert.All(w[b].ToArray(), v => Assert.InRange(v, 0f, 1f));
                Assert.Equal(1.0, w[b].ToArray().Sum(v => (double)v), 5);
            }
        var s = ntm.InitialState(2);
        Assert.Equal([1f, 0, 0, 0, 0], s.ReadWeights[0].ToArray());
        for (int t = 0; t < 4; t++)
        {
            var (y, next) = ntm.Step(x.Slice(1, t, 1).Reshape(2, 3), s);
            Assert.Equal(outputs.Slice(1, t, 1).Reshape(2, 2).ToArray(), y.ToArray());
            s = next;
        }
        Assert.Equal(final.Memory.ToArray(), s.Memory.ToArray());
    }

    [Fact]
    public void Learns_to_copy_a_short_sequence()
    {
        // Graves et al.'s copy task, small: three 4-bit vectors, a delimiter, then three blank steps on which the
        // machine must give the vectors back (binary cross-entropy on the logits). Fresh random sequences each step.
        var g = new Generator(53);
        var ntm = new NeuralTuringMachine(5, 4, controllerSize: 24, memorySlots: 8, memoryWidth: 6, generator: g);
        var adam = new Recur.Optim.Adam(ntm.Parameters(), lr: 0.01f);
        var loss = new Recur.Losses.BceWithLogitsLoss();
        double first = 0, last = 0;
        const int steps = 300, batch = 16;
        for (int step = 0; step < steps; step++)
        {
            var x = Tensor.Zeros(batch, 7, 5);
            var target = Tensor.Zeros(batch, 3, 4);
            for (int b = 0; b < batch; b++)
            {
                for (int t = 0; t < 3; t++)
                    for (int bit = 0; bit < 4; bit++)
                    {
                        float v = g.NextDouble() < 0.5 ? 1f : 0f;
                        x.SetValue(v, b, t, bit);
                        target.SetValue(v, b, t, bit);
                    }
                x.SetValue(1f, b, 3, 4); // the delimiter channel
            }
            var (outputs, _) = ntm.Forward(x);
            var l = loss.Compute(outputs.Slice(1, 4, 3), target);
            adam.ZeroGrad();
            l.Backward();
            Recur.Optim.GradClip.ClipGradNorm(ntm.Parameters(), 10f);
            adam.Step();
            if (step < 20) first += l.Item() / 20;
            if (step >= steps - 20) last += l.Item() / 20;
        }
        // Chance is ln 2 = 0.693 per bit; a memoryless model cannot do better.
        Assert.True(first > 0.6, $"first loss {first}");
        Assert.True(last < 0.45, $"the loss fell from {first:0.000} only to {last:0.000}");
    }

    [Fact]
    public void Sharpening_a_spread_out_weighting_stays_finite()
    {
        // 128 equal slots (a fresh memory) and gamma 40: the powers 128^-40 underflow to 0 in float32, and their
        // normalisation would be 0 / 0. As a softmax of gamma log w it stays the uniform weighting, with finite gradients.
        var memory = Tensor.Full(1e-6f, 1, 128, 4);
        var gamma = Tensor.Full(40f, 1, 1).RequireGrad();
        var w = NtmAddressing.Address(memory, Tensor.Ones(1, 4), Tensor.Ones(1, 1), Tensor.Ones(1, 1),
            Tensor.FromArray([0f, 1f, 0f], 1, 3), gamma, Tensor.Full(1f / 128, 1, 128));
        Assert.All(w.ToArray(), v => Assert.Equal(1f / 128, v, 6));
        (w * Tensor.Uniform(new Generator(3), -1, 1, 1, 128)).Sum().Backward();
        Assert.True(float.IsFinite(gamma.Grad!.Item()), "the gradient of gamma is finite");
    }

    [Fact]
    public void Roll_moves_weights_one_slot_circularly()
    {
        var w = Tensor.FromArray([1f, 2, 3, 4], 1, 4);
        Assert.Equal([4f, 1, 2, 3], NtmAddressing.Roll(w, 1).ToArray());
        Assert.Equal([2f, 3, 4, 1], NtmAddressing.Roll(w, -1).ToArray());
    }

    [Fact]
    public void Bad_input_is_named()
    {
        var ntm = new NeuralTuringMachine(3, 2, controllerSize: 4, memorySlots: 5, memoryWidth: 2);
        Assert.Contains("expected a batch-first sequence [B, T >= 1, 3], got [2, 4, 2]",
            Assert.Throws<ArgumentException>(() => ntm.Forward(Tensor.Zeros(2, 4, 2))).Message);
        Assert.Contains("the state's memory is [3, 5, 2], but a batch of 2 needs [2, 5, 2]",
            Assert.Throws<ArgumentException>(() => ntm.Step(Tensor.Zeros(2, 3), ntm.InitialState(3))).Message);
        // A weighting of the wrong shape would broadcast silently: refused too.
        var state = ntm.InitialState(2) with { ReadWeights = Tensor.Full(0.2f, 1, 5) };
        Assert.Contains("the state's read weights is [1, 5], but a batch of 2 needs [2, 5]",
            Assert.Throws<ArgumentException>(() => ntm.Step(Tensor.Zeros(2, 3), state)).Message);
        Assert.Contains("sizes must be positive", Assert.Throws<ArgumentException>(() => new NeuralTuringMachine(3, 2, memorySlots: 0)).Message);
        Assert.Equal(
            "NeuralTuringMachine(\n  input_size=3, output_size=2, controller_size=4, memory_slots=5, memory_width=2\n" +
            "  (controller): LSTMCell(5, 4)\n  (read_head): Linear(in_features=4, out_features=8, bias=True)\n" +
            "  (write_head): Linear(in_features=4, out_features=12, bias=True)\n  (output): Linear(in_features=6, out_features=2, bias=True)\n)",
            ntm.ToString());
    }
}
