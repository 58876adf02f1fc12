using Recur.Autograd;
using Recur.Kernels;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Layers;

[Collection(KernelThreadsCollection.Name)]
public class RecurrentStepperTests
{
    public static TheoryData<string> Layers() => new() { "lstm", "lstm_proj", "gru", "rnn_relu", "rnn_nobias" };

    private static RecurrentLayer Make(string kind) => kind switch
    {
        "lstm" => new Lstm(5, 12, numLayers: 2, generator: new Generator(1)),
        "lstm_proj" => new Lstm(5, 12, numLayers: 2, projSize: 4, generator: new Generator(2)),
        "gru" => new Gru(5, 12, numLayers: 2, generator: new Generator(3)),
        "rnn_relu" => new Rnn(5, 12, numLayers: 2, nonlinearity: "relu", generator: new Generator(4)),
        _ => new Rnn(5, 12, bias: false, generator: new Generator(5)),
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Steps_equal_the_sequence_layer(string kind)
    {
        var layer = Make(kind);
        layer.Eval();
        const int T = 7, B = 3;
        var x = Tensor.Uniform(new Generator(9), -1, 1, T, B, 5);
        Tensor expected, hN;
        using (GradMode.NoGrad()) (expected, hN, _) = layer.ForwardStates(x);
        var stepper = new RecurrentStepper(layer, B);
        var y = new float[B * layer.HOut];
        for (int t = 0; t < T; t++)
        {
            stepper.Step(x[t].ReadOnlyData, y);
            TestUtil.AssertClose(expected[t].ReadOnlyData, y, 1e-5, 1e-5, $"{kind} step {t}");
        }
        TestUtil.AssertClose(hN[layer.NumLayers - 1].ReadOnlyData, stepper.Hidden(layer.NumLayers - 1), 1e-5, 1e-5, "final state");
        stepper.Reset();
        stepper.Step(x[0].ReadOnlyData, y);
        TestUtil.AssertClose(expected[0].ReadOnlyData, y, 1e-5, 1e-5, "after Reset");
    }

    [Theory]
    [InlineData("lstm", 1)]
    [InlineData("gru", 3)]
    [InlineData("lstm_proj", 2)]
    public void Two_threads_give_the_one_thread_steps_bit_for_bit(string kind, int batch)
    {
        // Large enough (4H x (I + H) = 512 x 192) that each step's matrix-vector products split over two workers.
        RecurrentLayer layer = kind switch
        {
            "lstm" => new Lstm(64, 128, numLayers: 2, generator: new Generator(21)),
            "lstm_proj" => new Lstm(64, 128, projSize: 96, generator: new Generator(22)),
            _ => new Gru(64, 128, numLayers: 2, generator: new Generator(23)),
        };
        Assert.True(4L * 128 * (64 + 128) >= Gemv.MinParallelWork);
        Assert.True(WorkerPool.Shared.MaxParts >= 2 || Environment.ProcessorCount < 2, "the worker pool should have two parts on a multi-core machine");
        layer.Eval();
        const int T = 5;
        var x = Tensor.Uniform(new Generator(24), -1, 1, T, batch, 64);
        Tensor expected;
        using (GradMode.NoGrad()) (expected, _, _) = layer.ForwardStates(x);
        var one = new RecurrentStepper(layer, batch, threads: 1);
        var two = new RecurrentStepper(layer, batch, threads: 2);
        var y1 = new float[batch * layer.HOut];
        var y2 = new float[batch * layer.HOut];
        for (int t = 0; t < T; t++)
        {
            one.Step(x[t].ReadOnlyData, y1);
            two.Step(x[t].ReadOnlyData, y2);
            Assert.Equal(y1, y2);
            TestUtil.AssertClose(expected[t].ReadOnlyData, y2, 1e-5, 1e-5, $"{kind} step {t}, two threads");
        }
    }

    [Fact]
    public void Steady_state_steps_allocate_nothing()
    {
        var lstm = new Lstm(64, 256, generator: new Generator(1));
        var x = Tensor.Uniform(new Generator(2), -1, 1, 64).ToArray();
        var y = new float[256];
        foreach (int threads in new[] { 1, 2 })
        {
            var stepper = new RecurrentStepper(lstm, threads: threads);
            TestUtil.WarmUntilNoAllocation(() => stepper.Step(x, y)); // pool, JIT
            TestUtil.AssertNoSteadyAllocation(() => stepper.Step(x, y), 1000, $"RecurrentStepper.Step, {threads} threads");
        }
    }

    [Fact]
    public void Bad_use_is_reported()
    {
        Assert.Throws<ArgumentException>(() => new RecurrentStepper(new Gru(3, 4, bidirectional: true)));
        var s = new RecurrentStepper(new Gru(3, 4), batch: 2);
        Assert.Contains("B x I = 2 x 3", Assert.Throws<ArgumentException>(() => s.Step(new float[3], new float[8])).Message);
    }

    [Fact]
    public void A_layer_index_out_of_range_is_named()
    {
        var stepper = new RecurrentStepper(new Lstm(2, 3, numLayers: 2), 1);
        Assert.Contains("layer must be in [0, 2)", Assert.Throws<ArgumentOutOfRangeException>(() => stepper.Hidden(2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => stepper.Cell(-1));
        Assert.Equal(3, stepper.Hidden(1).Length);
    }
}
