using Recur.Autograd;
using Recur.Inference;
using Recur.Kernels;
using Recur.Layers;
using Recur.Optim;
using Recur.Tensors;
using Xunit;

namespace Recur.Tests.Inference;

public class InferencePlanTests
{
    /// <summary>A model factory, its input and a name.</summary>
    public sealed record Case(string Name, Func<Sequential> Model, Func<Generator, Tensor> Input)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases() => new()
    {
        new Case("LSTM 32 rows (row-parallel steps), time-major",
            () => new Sequential(new Lstm(6, 16, generator: new Generator(1))),
            g => Tensor.Uniform(g, -1, 1, 9, 32, 6)),
        new Case("bi-LSTM x2 with projection and inter-layer dropout, batch-first, last step, linear",
            () => new Sequential(new Lstm(5, 6, numLayers: 2, batchFirst: true, bidirectional: true, projSize: 4, dropout: 0.4f, generator: new Generator(3)),
                new LastTimeStep(), new Linear(8, 3, generator: new Generator(4))),
            g => Tensor.Uniform(g, -1, 1, 4, 7, 5)),
        new Case("embedding, ReLU RNN x2 bidirectional, dropout, linear",
            () => new Sequential(new Embedding(9, 4, paddingIndex: 0, generator: new Generator(7)),
                new Rnn(4, 5, numLayers: 2, nonlinearity: "relu", batchFirst: true, bidirectional: true, generator: new Generator(8)),
                new Dropout(0.5f), new Linear(10, 9, generator: new Generator(9))),
            g => TestUtil.Tokens(g, 9, 3, 6)),
        new Case("GRU x3 without bias, 17 rows, time-major",
            () => new Sequential(new Gru(3, 8, numLayers: 3, bias: false, generator: new Generator(5))),
            g => Tensor.Uniform(g, -1, 1, 5, 17, 3)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Runs_give_exactly_the_evaluation_mode_forward(Case c)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            var model = c.Model();
            var x = c.Input(new Generator(11));
            using var plan = InferencePlan.Create(model, threads, x.ShapeArray);
            // The plan is made while the model is in training mode: it runs evaluation mode regardless.
            model.Eval();
            Tensor expected;
            using (GradMode.NoGrad()) expected = model.Forward(x);
            Assert.Equal(expected.ShapeArray, plan.OutputShape.ToArray());
            for (int run = 0; run < 2; run++)
            {
                var got = plan.Run(x.ReadOnlyData).ToArray();
                TestUtil.AssertClose(expected.ReadOnlyData, got, 0, 0, $"{threads} thread(s), run {run}");
            }
            var asTensor = plan.Run(x);
            Assert.Equal(expected.ShapeArray, asTensor.ShapeArray);
        }
    }

    [Fact]
    public void Runs_see_weights_changed_after_the_plan_was_made()
    {
        var model = new Sequential(new Lstm(4, 8, generator: new Generator(2)), new Linear(8, 2, generator: new Generator(3)));
        var x = Tensor.Uniform(new Generator(4), -1, 1, 6, 5, 4);
        using var plan = InferencePlan.Create(model, 1, x.ShapeArray);
        var before = plan.Run(x.ReadOnlyData).ToArray();
        var adam = new Adam(model.Parameters(), lr: 0.1f);
        Recur.Losses.Loss.Mse(model.Forward(x), Tensor.Zeros(6, 5, 2)).Backward();
        adam.Step();
        model.Eval();
        Tensor expected;
        using (GradMode.NoGrad()) expected = model.Forward(x);
        var after = plan.Run(x.ReadOnlyData).ToArray();
        Assert.NotEqual(before, after);
        TestUtil.AssertClose(expected.ReadOnlyData, after, 0, 0, "after an optimizer step");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Steady_state_runs_allocate_nothing(int threads)
    {
        var model = new Sequential(new Embedding(20, 8, generator: new Generator(1)),
            new Lstm(8, 16, numLayers: 2, batchFirst: true, generator: new Generator(2)), new Linear(16, 20, generator: new Generator(3)));
        var x = TestUtil.Tokens(new Generator(4), 20, 16, 12).ReadOnlyData.ToArray();
        using var plan = InferencePlan.Create(model, threads, [16, 12]);
        float sum = 0;
        TestUtil.WarmUntilNoAllocation(() => sum += plan.Run(x)[0]);
        TestUtil.AssertNoSteadyAllocation(() => sum += plan.Run(x)[0], 100, "InferencePlan.Run");
        Assert.True(float.IsFinite(sum));
    }

    [Fact]
    public void Unplanned_layers_and_wrong_inputs_are_named()
    {
        var e = Assert.Throws<NotSupportedException>(() => InferencePlan.Create(new Sequential(new Activation("tanh")), 1, [3, 2]));
        Assert.Contains("Activation", e.Message);
        var e2 = Assert.Throws<NotSupportedException>(() => InferencePlan.Create(new Sequential(new Lstm(3, 4)), 1, [5, 2, 2]));
        Assert.Contains("last axis is the input size", e2.Message);
        var e3 = Assert.Throws<NotSupportedException>(() => InferencePlan.Create(new Sequential(new Gru(2, 3)), 1, [0, 2, 2]));
        Assert.Contains("not positive", e3.Message);
        using var plan = InferencePlan.Create(new Sequential(new Gru(2, 3)), 1, [4, 2, 2]);
        var e4 = Assert.Throws<ArgumentException>(() => plan.Run(Tensor.Zeros(5, 2, 2)));
        Assert.Contains("planned for input [4, 2, 2], got [5, 2, 2]", e4.Message);
        var e5 = Assert.Throws<ArgumentException>(() => plan.Run(new float[3]));
        Assert.Contains("expected 16 inputs", e5.Message);
        plan.Dispose();
        Assert.Throws<ObjectDisposedException>(() => plan.Run(new float[16]));
    }
}
