using Recur.Kernels;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Layers;

public class RecurrentLayerTests
{
    private const int T = 5, B = 3, I = 4, H = 6;

    private static RecurrentLayer Make(CellKind kind, int layers, bool bidirectional, bool batchFirst = false, int proj = 0, Generator? g = null) => kind switch
    {
        CellKind.Lstm => new Lstm(I, H, layers, batchFirst: batchFirst, bidirectional: bidirectional, projSize: proj, generator: g ?? new Generator(3)),
        CellKind.Gru => new Gru(I, H, layers, batchFirst: batchFirst, bidirectional: bidirectional, generator: g ?? new Generator(3)),
        _ => new Rnn(I, H, layers, kind == CellKind.RnnRelu ? "relu" : "tanh", batchFirst: batchFirst, bidirectional: bidirectional, generator: g ?? new Generator(3)),
    };

    private static (Tensor Out, Tensor HN, Tensor? CN) Run(RecurrentLayer layer, Tensor x, Tensor? h0, Tensor? c0, int[]? lengths = null) => layer switch
    {
        Lstm l => l.Forward(x, h0 == null ? null : (h0, c0!), lengths),
        Gru gr => Tuple(gr.Forward(x, h0, lengths)),
        Rnn r => Tuple(r.Forward(x, h0, lengths)),
        _ => throw new InvalidOperationException(),
    };

    private static (Tensor, Tensor, Tensor?) Tuple((Tensor Output, Tensor HN) r) => (r.Output, r.HN, null);

    public static TheoryData<CellKind> Kinds() => new(Enum.GetValues<CellKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fused_layer_equals_cells_composed_of_autograd_primitives(CellKind kind)
    {
        var g = new Generator(21);
        const int layers = 2, dirs = 2;
        var layer = Make(kind, layers, bidirectional: true);
        bool lstm = kind == CellKind.Lstm;
        var x = TestUtil.Rand(g, T, B, I);
        var h0 = TestUtil.Rand(g, layers * dirs, B, H);
        var c0 = lstm ? TestUtil.Rand(g, layers * dirs, B, H) : null;
        var wo = Tensor.Uniform(g, -1, 1, T, B, dirs * H);
        var wh = Tensor.Uniform(g, -1, 1, layers * dirs, B, H);

        var (out1, hN1, cN1) = Run(layer, x, h0, c0);
        var loss1 = (out1 * wo).Sum() + (hN1 * wh).Sum() + (lstm ? (cN1! * wh).Sum() : Tensor.Scalar(0));
        loss1.Backward();

        // The same network unrolled from one-step cells, which are compositions of autograd primitives.
        var x2 = x.Detach().Clone().RequireGrad();
        var h02 = h0.Detach().Clone().RequireGrad();
        var c02 = c0?.Detach().Clone().RequireGrad();
        var state = layer.StateDict();
        var cells = new Module[layers, dirs];
        var input = x2;
        var hs = new List<Tensor>();
        var cs = new List<Tensor>();
        for (int l = 0; l < layers; l++)
        {
            var dirOutputs = new Tensor[dirs];
            for (int d = 0; d < dirs; d++)
            {
                string sfx = $"_l{l}" + (d == 1 ? "_reverse" : "");
                int inSize = l == 0 ? I : dirs * H;
                Module cell = kind switch
                {
                    CellKind.Lstm => new LstmCell(inSize, H),
                    CellKind.Gru => new GruCell(inSize, H),
                    _ => new RnnCell(inSize, H, nonlinearity: kind == CellKind.RnnRelu ? "relu" : "tanh"),
                };
                cell.LoadStateDict(new Dictionary<string, Tensor>
                {
                    ["weight_ih"] = state["weight_ih" + sfx], ["weight_hh"] = state["weight_hh" + sfx],
                    ["bias_ih"] = state["bias_ih" + sfx], ["bias_hh"] = state["bias_hh" + sfx],
                });
                cells[l, d] = cell;
                var h = h02[l * dirs + d];
                var c = c02?[l * dirs + d];
                var outs = new Tensor[T];
                for (int s = 0; s < T; s++)
                {
                    int t = d == 1 ? T - 1 - s : s;
                    var xt = input[t];
                    switch (cell)
                    {
                        case LstmCell lc: (h, c) = lc.Forward(xt, (h, c!)); break;
                        case GruCell gc: h = gc.Forward(xt, h); break;
                        case RnnCell rc: h = rc.Forward(xt, h); break;
                    }
                    outs[t] = h.Reshape(1, B, H);
                }
                dirOutputs[d] = Tensor.Concat(outs, 0);
                hs.Add(h.Reshape(1, B, H));
                if (c != null) cs.Add(c.Reshape(1, B, H));
            }
            input = Tensor.Concat(dirOutputs, 2);
        }
        var hN2 = Tensor.Concat(hs.ToArray(), 0);
        var loss2 = (input * wo).Sum() + (hN2 * wh).Sum() + (lstm ? (Tensor.Concat(cs.ToArray(), 0) * wh).Sum() : Tensor.Scalar(0));
        loss2.Backward();

        TestUtil.AssertClose(input.ToArray(), out1.ToArray(), 1e-5, 1e-5, "output");
        TestUtil.AssertClose(hN2.ToArray(), hN1.ToArray(), 1e-5, 1e-5, "hN");
        TestUtil.AssertClose(x2.Grad!.ToArray(), x.Grad!.ToArray(), 1e-5, 1e-4, "dx");
        TestUtil.AssertClose(h02.Grad!.ToArray(), h0.Grad!.ToArray(), 1e-5, 1e-4, "dh0");
        if (lstm) TestUtil.AssertClose(c02!.Grad!.ToArray(), c0!.Grad!.ToArray(), 1e-5, 1e-4, "dc0");
        for (int l = 0; l < layers; l++)
            for (int d = 0; d < dirs; d++)
            {
                string sfx = $"_l{l}" + (d == 1 ? "_reverse" : "");
                foreach (var (name, p) in cells[l, d].NamedParameters())
                    TestUtil.AssertClose(p.Grad!.ToArray(), state[name + sfx].Grad!.ToArray(), 1e-5, 1e-4, "d" + name + sfx);
            }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Lengths_equal_running_each_sequence_alone(CellKind kind)
    {
        var g = new Generator(22);
        var layer = Make(kind, 2, bidirectional: true, batchFirst: true);
        bool lstm = kind == CellKind.Lstm;
        int[] lengths = [3, 5, 1];
        var x = Tensor.Uniform(g, -1, 1, B, T, I);
        var h0 = Tensor.Uniform(g, -1, 1, 4, B, H);
        var c0 = lstm ? Tensor.Uniform(g, -1, 1, 4, B, H) : null;
        var (output, hN, cN) = Run(layer, x, h0, c0, lengths);
        Assert.Equal(new[] { B, T, 2 * H }, output.ShapeArray);
        for (int b = 0; b < B; b++)
        {
            int len = lengths[b];
            var xb = x[b].Slice(0, 0, len).Reshape(1, len, I);
            var h0b = h0.Slice(1, b, 1);
            var c0b = c0?.Slice(1, b, 1);
            var (ob, hb, cb) = Run(layer, xb, h0b, c0b);
            for (int t = 0; t < T; t++)
            {
                var row = output[b, t].ToArray();
                if (t < len) TestUtil.AssertClose(ob[0, t].ToArray(), row, 1e-6, 1e-5, $"output[{b},{t}]");
                else Assert.All(row, v => Assert.Equal(0f, v));
            }
            TestUtil.AssertClose(hb.ToArray(), hN.Slice(1, b, 1).ToArray(), 1e-6, 1e-5, $"hN[:, {b}]");
            if (lstm) TestUtil.AssertClose(cb!.ToArray(), cN!.Slice(1, b, 1).ToArray(), 1e-6, 1e-5, $"cN[:, {b}]");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Backward_uses_the_lengths_of_the_forward_pass_even_if_the_caller_reuses_its_array(CellKind kind)
    {
        // The layer keeps its own copy: changing the caller's array between forward and backward changes nothing.
        var x = Tensor.Uniform(new Generator(23), -1, 1, B, T, I);
        int[] lengths = [3, 5, 1];
        var reference = Make(kind, 1, bidirectional: true, batchFirst: true);
        var xr = x.Detach().Clone().RequireGrad();
        Run(reference, xr, null, null, [3, 5, 1]).Out.Sum().Backward();
        var layer = Make(kind, 1, bidirectional: true, batchFirst: true);
        var xl = x.Detach().Clone().RequireGrad();
        var (output, _, _) = Run(layer, xl, null, null, lengths);
        lengths[0] = lengths[1] = lengths[2] = T;
        output.Sum().Backward();
        Assert.Equal(xr.Grad!.ToArray(), xl.Grad!.ToArray());
    }

    public static TheoryData<CellKind, bool, int> PaddingCases()
    {
        var data = new TheoryData<CellKind, bool, int>();
        foreach (var kind in new[] { CellKind.Lstm, CellKind.Gru, CellKind.RnnTanh })
            foreach (bool bidirectional in new[] { false, true })
                foreach (int batch in new[] { 3, 24 }) // few rows (one input GEMM) and enough for the per-step fused path
                    data.Add(kind, bidirectional, batch);
        return data;
    }

    [Theory]
    [MemberData(nameof(PaddingCases))]
    public void Non_finite_padding_past_the_lengths_does_not_touch_any_gradient(CellKind kind, bool bidirectional, int batch)
    {
        // PyTorch's packed sequences never read the padding; here it is in x, and 0 * NaN would spoil dW_ih.
        var g = new Generator(23);
        var layer = Make(kind, 2, bidirectional);
        var lengths = Enumerable.Range(0, batch).Select(b => 1 + b % T).ToArray();
        var x = Tensor.Uniform(g, -1, 1, T, batch, I);
        var clean = x.ToArray();
        var poisoned = x.ToArray();
        for (int b = 0; b < batch; b++)
            for (int t = lengths[b]; t < T; t++)
                for (int i = 0; i < I; i++) poisoned[(t * batch + b) * I + i] = (t + i) % 2 == 0 ? float.NaN : float.PositiveInfinity;
        float[] Gradients(float[] input)
        {
            layer.ZeroGrad();
            var xi = Tensor.FromArray(input, T, batch, I).RequireGrad();
            var (o, hN, _) = Run(layer, xi, null, null, lengths);
            (o.Sum() + hN.Sum()).Backward();
            var dx = xi.Grad!.ToArray();
            for (int b = 0; b < batch; b++) // the padding's own gradient is not compared (PyTorch has none)
                for (int t = lengths[b]; t < T; t++) Array.Clear(dx, (t * batch + b) * I, I);
            return [.. layer.Parameters().SelectMany(p => p.Grad!.ToArray()), .. dx];
        }
        var expected = Gradients(clean);
        var got = Gradients(poisoned);
        Assert.All(got, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(expected, got);
    }

    [Fact]
    public void Batch_first_and_unbatched_agree_with_time_major()
    {
        var g = new Generator(23);
        var tm = new Gru(I, H, 2, bidirectional: true, generator: new Generator(4));
        var bf = new Gru(I, H, 2, bidirectional: true, batchFirst: true, generator: new Generator(4));
        var x = Tensor.Uniform(g, -1, 1, T, B, I);
        var (o1, h1) = tm.Forward(x);
        var (o2, h2) = bf.Forward(x.SwapAxes(0, 1));
        TestUtil.AssertClose(o1.ToArray(), o2.SwapAxes(0, 1).ToArray(), 0, 0, "batch-first output");
        TestUtil.AssertClose(h1.ToArray(), h2.ToArray(), 0, 0, "batch-first hN");
        var (o3, h3) = tm.Forward(x.Slice(1, 1, 1).Reshape(T, I));
        Assert.Equal(new[] { T, 2 * H }, o3.ShapeArray);
        Assert.Equal(new[] { 4, H }, h3.ShapeArray);
        TestUtil.AssertClose(o1.Slice(1, 1, 1).ToArray(), o3.ToArray(), 1e-6, 1e-6, "unbatched output");
    }

    [Fact]
    public void Parameters_follow_pytorch_names_shapes_and_init_bounds()
    {
        var lstm = new Lstm(7, 20, numLayers: 2, bidirectional: true, projSize: 5);
        var names = lstm.NamedParameters().Select(p => $"{p.Key} {Shapes.Format(p.Value.Shape)}").ToArray();
        Assert.Equal(new[]
        {
            "weight_ih_l0 [80, 7]", "weight_hh_l0 [80, 5]", "bias_ih_l0 [80]", "bias_hh_l0 [80]", "weight_hr_l0 [5, 20]",
            "weight_ih_l0_reverse [80, 7]", "weight_hh_l0_reverse [80, 5]", "bias_ih_l0_reverse [80]", "bias_hh_l0_reverse [80]", "weight_hr_l0_reverse [5, 20]",
            "weight_ih_l1 [80, 10]", "weight_hh_l1 [80, 5]", "bias_ih_l1 [80]", "bias_hh_l1 [80]", "weight_hr_l1 [5, 20]",
            "weight_ih_l1_reverse [80, 10]", "weight_hh_l1_reverse [80, 5]", "bias_ih_l1_reverse [80]", "bias_hh_l1_reverse [80]", "weight_hr_l1_reverse [5, 20]",
        }, names);
        var gru = new Gru(10, 20, numLayers: 2, bidirectional: true, bias: false);
        Assert.Equal(new[] { "weight_ih_l0", "weight_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse" },
            gru.NamedParameters().Select(p => p.Key).ToArray());
        Assert.Equal(new[] { 60, 40 }, gru.StateDict()["weight_ih_l1"].ShapeArray);
        float bound = 1f / MathF.Sqrt(20);
        foreach (var p in lstm.Parameters())
            Assert.All(p.ToArray(), v => Assert.InRange(v, -bound, bound));
        var all = lstm.Parameters().SelectMany(p => p.ToArray()).ToArray();
        Assert.InRange(all.Average(), -0.01, 0.01);
        Assert.InRange(all.Max(), 0.95 * bound, bound);
    }

    [Fact]
    public void Bad_shapes_and_lengths_name_expected_and_actual()
    {
        var lstm = new Lstm(I, H, 2);
        var e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(T, B, I + 1)));
        Assert.Contains($"Expected {I}, got {I + 1}", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(T, B, I, 1)));
        Assert.Contains("2D or 3D", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(T, B, I), (Tensor.Zeros(1, B, H), Tensor.Zeros(2, B, H))));
        Assert.Contains("LSTM: Expected hidden[0] size (2, 3, 6), got [1, 3, 6]", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(T, B, I), (Tensor.Zeros(2, B, H), Tensor.Zeros(2, B, H + 1))));
        Assert.Contains("LSTM: Expected hidden[1] size (2, 3, 6), got [2, 3, 7]", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(T, B, I), null, [1, 2]));
        Assert.Contains("Expected lengths to have 3 entries", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(T, B, I), null, [1, 0, 2]));
        Assert.Contains("greater than 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(T, B, I), null, [1, T + 1, 2]));
        Assert.Contains("exceeds", e.Message);
        Assert.Throws<ArgumentException>(() => new Gru(I, H).Forward(Tensor.Zeros(T, B, I), Tensor.Zeros(1, B, H + 2)));
        Assert.Throws<ArgumentException>(() => new Lstm(I, H, projSize: H));
        Assert.Throws<ArgumentException>(() => new Rnn(I, H, nonlinearity: "sigmoid"));
    }

    [Fact]
    public void Dropout_between_layers_only_in_training_and_repeats_for_a_seed()
    {
        var x = Tensor.Uniform(new Generator(1), -1, 1, T, B, I);
        Tensor Out(bool training, ulong seed)
        {
            var l = new Lstm(I, H, 3, dropout: 0.5f, generator: new Generator(seed));
            l.Train(training);
            return l.Forward(x).Output;
        }
        var noDrop = new Lstm(I, H, 3, generator: new Generator(8)).Forward(x).Output;
        TestUtil.AssertClose(noDrop.ToArray(), Out(false, 8).ToArray(), 0, 0, "eval mode ignores dropout");
        Assert.NotEqual(noDrop.ToArray(), Out(true, 8).ToArray());
        Assert.Equal(Out(true, 8).ToArray(), Out(true, 8).ToArray());
    }

    [Fact]
    public void Dropout_of_one_is_refused_when_the_layer_is_made()
    {
        var e = Assert.Throws<ArgumentException>(() => new Lstm(4, 4, numLayers: 2, dropout: 1f));
        Assert.Contains("range [0, 1)", e.Message);
    }
}
