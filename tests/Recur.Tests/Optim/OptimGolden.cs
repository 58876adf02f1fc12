// OptimGolden: shared replay and state checks for the optimizer and schedule tests. Goldens come from
// tests/golden/optim/optim.safetensors, written by tools/golden/make_optim_goldens.py (PyTorch 1.13): each
// optimizer case replays five fixed gradients from fixed initial parameters; each schedule case lists lrs.
using System.Text.Json;
using Recur.IO;
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

internal static class OptimGolden
{
    public static readonly SafeTensorsFile File =
        SafeTensors.Read(Path.Combine(TestUtil.RepoRoot, "tests", "golden", "optim", "optim.safetensors"));

    private static readonly JsonElement Meta = JsonDocument.Parse(File.Metadata["cases"]).RootElement;

    /// <summary>Names of the cases of one section ("optimizers", "schedules", "clips") and type.</summary>
    public static TheoryData<string> Cases(string section, string type)
    {
        var data = new TheoryData<string>();
        foreach (var c in Meta.GetProperty(section).EnumerateArray())
            if (c.GetProperty("type").GetString() == type) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    public static JsonElement Options(string section, string name)
    {
        foreach (var c in Meta.GetProperty(section).EnumerateArray())
            if (c.GetProperty("name").GetString() == name) return c.GetProperty("options");
        throw new KeyNotFoundException(name);
    }

    public static float F(JsonElement o, string key, float fallback) =>
        o.TryGetProperty(key, out var v) ? v.GetSingle() : fallback;

    public static double D(JsonElement o, string key, double fallback) =>
        o.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;

    public static int I(JsonElement o, string key, int fallback) =>
        o.TryGetProperty(key, out var v) ? v.GetInt32() : fallback;

    public static bool B(JsonElement o, string key) => o.TryGetProperty(key, out var v) && v.GetBoolean();

    public static string S(JsonElement o, string key, string fallback) =>
        o.TryGetProperty(key, out var v) ? v.GetString()! : fallback;

    /// <summary>The optimizer a golden case describes, built through Recur's constructors.</summary>
    public static Optimizer Make(string name, IEnumerable<Tensor> ps)
    {
        var o = Options("optimizers", name);
        string type = "";
        foreach (var c in Meta.GetProperty("optimizers").EnumerateArray())
            if (c.GetProperty("name").GetString() == name) type = c.GetProperty("type").GetString()!;
        float lr = F(o, "lr", float.NaN);
        return type switch
        {
            "sgd" => new Sgd(ps, lr, F(o, "momentum", 0), F(o, "dampening", 0), F(o, "weightDecay", 0), B(o, "nesterov")),
            "adam" => new Adam(ps, lr, F(o, "beta1", 0.9f), F(o, "beta2", 0.999f), F(o, "eps", 1e-8f), F(o, "weightDecay", 0), B(o, "amsgrad")),
            "adamw" => new AdamW(ps, lr, F(o, "beta1", 0.9f), F(o, "beta2", 0.999f), F(o, "eps", 1e-8f), F(o, "weightDecay", 1e-2f), B(o, "amsgrad")),
            "rmsprop" => new RmsProp(ps, lr, F(o, "alpha", 0.99f), F(o, "eps", 1e-8f), F(o, "weightDecay", 0), F(o, "momentum", 0), B(o, "centered")),
            "adagrad" => new Adagrad(ps, lr, F(o, "lrDecay", 0), F(o, "weightDecay", 0), F(o, "initialAccumulatorValue", 0), F(o, "eps", 1e-10f)),
            _ => throw new ArgumentException(type),
        };
    }

    /// <summary>Replays the case's gradients and compares the parameters after every step with PyTorch's.</summary>
    public static void ReplayOptimizer(string name)
    {
        var ps = new Tensor[2];
        for (int k = 0; k < 2; k++)
        {
            var init = File[$"{name}/p{k}/init"];
            ps[k] = Tensor.FromArray(init.AsFloat32(), init.ShapeArray).RequireGrad();
        }
        var opt = Make(name, ps);
        float[] mask = File[$"{name}/mask"].AsFloat32();
        int steps = File[$"{name}/mask"].Shape[0];
        for (int t = 0; t < steps; t++)
        {
            for (int k = 0; k < 2; k++)
            {
                float[] grads = File[$"{name}/p{k}/grads"].AsFloat32();
                int n = ps[k].Length;
                ps[k].Grad = mask[t * 2 + k] != 0 ? Tensor.FromArray(grads.AsSpan(t * n, n).ToArray(), ps[k].ShapeArray) : null;
            }
            opt.Step();
            for (int k = 0; k < 2; k++)
            {
                int n = ps[k].Length;
                var expected = File[$"{name}/p{k}/after"].AsFloat32().AsSpan(t * n, n);
                TestUtil.AssertClose(expected, ps[k].ToArray(), 1e-6, 1e-6, $"{name}: parameter {k} after step {t + 1}");
            }
        }
        Assert.Equal(steps, opt.StepCount);
    }

    /// <summary>
    /// Runs 8 steps straight, and 4 steps -> StateDict -> safetensors bytes -> LoadStateDict into a fresh optimizer
    /// over copies of the parameters -> 4 more steps; the parameters must be bit-identical. A gradient is withheld
    /// once and the learning rate is changed mid-way, so per-parameter steps and lr must be restored too.
    /// </summary>
    public static void AssertResumesBitIdentically(Func<IReadOnlyList<Tensor>, Optimizer> make)
    {
        var g = new Generator(42);
        int[][] shapes = [[2, 3], [4]];
        var init = new float[2][];
        var grads = new float[8][][];
        for (int k = 0; k < 2; k++) init[k] = Tensor.Uniform(g, -1, 1, shapes[k]).ToArray();
        for (int t = 0; t < 8; t++)
            grads[t] = [Tensor.Normal(g, 0, 1, shapes[0]).ToArray(), Tensor.Normal(g, 0, 1, shapes[1]).ToArray()];

        Tensor[] Fresh(float[][] values) => [Tensor.FromArray((float[])values[0].Clone(), shapes[0]), Tensor.FromArray((float[])values[1].Clone(), shapes[1])];
        void Run(Optimizer opt, Tensor[] ps, int from, int to)
        {
            for (int t = from; t < to; t++)
            {
                if (t == 2) opt.Lr *= 0.5f;
                for (int k = 0; k < 2; k++)
                    ps[k].Grad = t == 1 && k == 1 ? null : Tensor.FromArray((float[])grads[t][k].Clone(), shapes[k]);
                opt.Step();
            }
        }

        var straight = Fresh(init);
        Run(make(straight), straight, 0, 8);

        var first = Fresh(init);
        var before = make(first);
        Run(before, first, 0, 4);
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, before.StateDict());
        var saved = SafeTensors.Read(stream.ToArray());
        var state = new Dictionary<string, NdArray>();
        foreach (var (key, value) in saved.Tensors) state[key] = value;

        var resumed = Fresh([first[0].ToArray(), first[1].ToArray()]);
        var after = make(resumed);
        after.LoadStateDict(state);
        Assert.Equal(before.Lr, after.Lr);
        Assert.Equal(4, after.StepCount);
        Run(after, resumed, 4, 8);
        for (int k = 0; k < 2; k++)
            Assert.True(straight[k].ToArray().AsSpan().SequenceEqual(resumed[k].ToArray()),
                $"parameter {k} differs after resuming: {string.Join(", ", straight[k].ToArray())} vs {string.Join(", ", resumed[k].ToArray())}");
    }

    /// <summary>Replays a schedule case: lr after construction and after each Step equals PyTorch's.</summary>
    public static void ReplaySchedule(string name, Func<Optimizer, JsonElement, LrScheduler> make)
    {
        var o = Options("schedules", name);
        var opt = new Sgd([Tensor.Zeros(1)], F(o, "lr", float.NaN));
        var sched = make(opt, o);
        float[] lrs = File[$"{name}/lrs"].AsFloat32();
        float[]? metrics = File.TryGetValue($"{name}/metrics", out var m) ? m.AsFloat32() : null;
        var actual = new float[lrs.Length];
        actual[0] = opt.Lr;
        Assert.Equal(opt.Lr, sched.LastLr);
        for (int e = 1; e < lrs.Length; e++)
        {
            sched.Step(metrics == null ? null : (double)metrics[e - 1]);
            actual[e] = opt.Lr;
            Assert.Equal(opt.Lr, sched.LastLr);
            Assert.Equal(e, sched.LastEpoch);
        }
        TestUtil.AssertClose(lrs, actual, 1e-6, 1e-6, $"{name}: lr per epoch");
    }

    /// <summary>Schedules stepped 15 times straight equal 6 steps, save of both states, load into fresh ones, 9 steps.</summary>
    public static void AssertScheduleResumes(Func<Optimizer, LrScheduler> make, double[]? metrics = null)
    {
        double? Metric(int e) => metrics == null ? null : metrics[e];
        var optA = new Sgd([Tensor.Zeros(1)], 0.1f);
        var a = make(optA);
        var straight = new List<float>();
        for (int e = 0; e < 15; e++) { a.Step(Metric(e)); straight.Add(optA.Lr); }

        var optB = new Sgd([Tensor.Zeros(1)], 0.1f);
        var b = make(optB);
        for (int e = 0; e < 6; e++) b.Step(Metric(e));
        var optC = new Sgd([Tensor.Zeros(1)], 0.1f);
        var c = make(optC);
        optC.LoadStateDict(optB.StateDict());
        c.LoadStateDict(b.StateDict());
        Assert.Equal(b.LastLr, c.LastLr);
        Assert.Equal(6, c.LastEpoch);
        var resumed = new List<float>(straight.GetRange(0, 6));
        for (int e = 6; e < 15; e++) { c.Step(Metric(e)); resumed.Add(optC.Lr); }
        Assert.Equal(straight, resumed);
    }
}
