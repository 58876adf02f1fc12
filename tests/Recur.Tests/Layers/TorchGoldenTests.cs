using System.Text.Json;
using Recur.IO;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Layers;

/// <summary>
/// PyTorch 1.13 goldens (tools/golden/make_rnn_goldens.py -> tests/golden/rnn): outputs, final states and
/// the gradients of a symmetry-breaking loss w.r.t. input, initial states and every parameter.
/// </summary>
[Collection(KernelThreadsCollection.Name)]
public class TorchGoldenTests
{
    private const double Tolerance = 1e-5; // relative plus absolute, float32

    private static readonly string Dir = Path.Combine(TestUtil.RepoRoot, "tests", "golden", "rnn");

    public static TheoryData<string, string> SequenceCases()
    {
        var data = new TheoryData<string, string>();
        // "wide" holds larger cases (batches of 9 to 150, odd sizes) that reach the row-parallel, fused and blocked paths.
        foreach (var file in new[] { "rnn_tanh", "rnn_relu", "lstm", "lstm_proj", "gru", "wide" })
            foreach (var config in Cases(file))
                data.Add(file, config.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonElement[] Cases(string file)
    {
        var f = SafeTensors.Read(Path.Combine(Dir, file + ".safetensors"));
        return JsonDocument.Parse(f.Metadata["cases"]).RootElement.EnumerateArray().ToArray();
    }

    [Theory]
    [MemberData(nameof(SequenceCases))]
    public void Sequence_layer_matches_pytorch(string fileName, string caseName)
    {
        int saved = Recur.Kernels.Threading.MaxThreads;
        try
        {
            // One kernel thread, then two (row-parallel steps where a batch has 16 rows or more, both directions at once).
            foreach (int threads in new[] { 1, 2 })
            {
                Recur.Kernels.Threading.MaxThreads = threads;
                CompareSequenceCase(fileName, caseName, $"{threads} thread(s)");
            }
        }
        finally
        {
            Recur.Kernels.Threading.MaxThreads = saved;
        }
    }

    private static void CompareSequenceCase(string fileName, string caseName, string threads)
    {
        var file = SafeTensors.Read(Path.Combine(Dir, fileName + ".safetensors"));
        var c = Cases(fileName).Single(e => e.GetProperty("name").GetString() == caseName);
        string kind = c.GetProperty("kind").GetString()!;
        Tensor Get(string what) => file[$"{caseName}/{what}"].ToTensor();
        int layers = c.GetProperty("layers").GetInt32(), input = c.GetProperty("input_size").GetInt32(), hidden = c.GetProperty("hidden_size").GetInt32();
        bool bidir = c.GetProperty("bidirectional").GetBoolean(), batchFirst = c.GetProperty("batch_first").GetBoolean(), bias = c.GetProperty("bias").GetBoolean();
        RecurrentLayer layer = kind switch
        {
            "lstm" or "lstm_proj" => new Lstm(input, hidden, layers, bias, batchFirst, 0f, bidir, c.GetProperty("proj_size").GetInt32()),
            "gru" => new Gru(input, hidden, layers, bias, batchFirst, 0f, bidir),
            _ => new Rnn(input, hidden, layers, kind[4..], bias, batchFirst, 0f, bidir),
        };
        var state = layer.StateDict();
        layer.LoadStateDict(state.Keys.ToDictionary(k => k, k => Get("param/" + k)));
        bool lstm = layer is Lstm;
        var x = Get("x").RequireGrad();
        var h0 = Get("h0").RequireGrad();
        var c0 = lstm ? Get("c0").RequireGrad() : null;
        int[]? lengths = c.GetProperty("lengths").GetBoolean() ? file[$"{caseName}/lengths"].AsInt64().Select(v => (int)v).ToArray() : null;
        Tensor output, hN;
        Tensor? cN = null;
        switch (layer)
        {
            case Lstm l: (output, hN, cN) = l.Forward(x, (h0, c0!), lengths); break;
            case Gru g: (output, hN) = g.Forward(x, h0, lengths); break;
            default: (output, hN) = ((Rnn)layer).Forward(x, h0, lengths); break;
        }
        var loss = (output * Get("w_out")).Sum() + (hN * Get("w_h")).Sum();
        if (cN != null) loss = loss + (cN * Get("w_c")).Sum();
        loss.Backward();

        string where = $"{fileName} {caseName} {c} {threads}";
        Compare(Get("out"), output, where + " out");
        Compare(Get("h_n"), hN, where + " h_n");
        if (cN != null) Compare(Get("c_n"), cN, where + " c_n");
        Compare(Get("grad/x"), x.Grad!, where + " grad x");
        Compare(Get("grad/h0"), h0.Grad!, where + " grad h0");
        if (c0 != null) Compare(Get("grad/c0"), c0.Grad!, where + " grad c0");
        foreach (var (name, p) in state)
            Compare(Get("grad/" + name), p.Grad!, where + " grad " + name);
    }

    public static TheoryData<string> CellCases()
    {
        var data = new TheoryData<string>();
        foreach (var config in Cases("cells"))
            data.Add(config.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(CellCases))]
    public void Cell_matches_pytorch(string caseName)
    {
        var file = SafeTensors.Read(Path.Combine(Dir, "cells.safetensors"));
        var c = Cases("cells").Single(e => e.GetProperty("name").GetString() == caseName);
        Tensor Get(string what) => file[$"{caseName}/{what}"].ToTensor();
        string kind = c.GetProperty("kind").GetString()!;
        int input = c.GetProperty("input_size").GetInt32(), hidden = c.GetProperty("hidden_size").GetInt32();
        bool bias = c.GetProperty("bias").GetBoolean();
        RecurrentCell cell = kind switch
        {
            "lstm" => new LstmCell(input, hidden, bias),
            "gru" => new GruCell(input, hidden, bias),
            _ => new RnnCell(input, hidden, bias, kind[4..]),
        };
        var state = cell.StateDict();
        cell.LoadStateDict(state.Keys.ToDictionary(k => k, k => Get("param/" + k)));
        var x = Get("x").RequireGrad();
        var h0 = Get("h0").RequireGrad();
        Tensor h;
        Tensor? c0 = null;
        Tensor loss;
        if (cell is LstmCell lc)
        {
            c0 = Get("c0").RequireGrad();
            var (hh, cc) = lc.Forward(x, (h0, c0));
            h = hh;
            Compare(Get("c_n"), cc, caseName + " c'");
            loss = (hh * Get("w_h")).Sum() + (cc * Get("w_c")).Sum();
        }
        else
        {
            h = cell is GruCell gc ? gc.Forward(x, h0) : ((RnnCell)cell).Forward(x, h0);
            loss = (h * Get("w_h")).Sum();
        }
        loss.Backward();
        Compare(Get("h_n"), h, caseName + " h'");
        Compare(Get("grad/x"), x.Grad!, caseName + " grad x");
        Compare(Get("grad/h0"), h0.Grad!, caseName + " grad h0");
        if (c0 != null) Compare(Get("grad/c0"), c0.Grad!, caseName + " grad c0");
        foreach (var (name, p) in state)
            Compare(Get("grad/" + name), p.Grad!, caseName + " grad " + name);
    }

    private static void Compare(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape), $"{what}: shape {Shapes.Format(actual.Shape)}, PyTorch {Shapes.Format(expected.Shape)}");
        TestUtil.AssertClose(expected.ReadOnlyData, actual.ReadOnlyData, Tolerance, Tolerance, what);
    }
}
