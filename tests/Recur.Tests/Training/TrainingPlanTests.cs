using Recur.Kernels;
using Recur.Layers;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;
using Xunit;

namespace Recur.Tests.Training;

[Collection(KernelThreadsCollection.Name)]
public class TrainingPlanTests
{
    /// <summary>A model factory (same seed, same weights), its input, target and loss.</summary>
    public sealed record Case(string Name, Func<Sequential> Model, Func<Generator, Tensor> Input, Func<Generator, Tensor> Target, ILoss Loss)
    {
        public override string ToString() => Name;
    }

    private static Dropout EvalDropout()
    {
        var d = new Dropout(0.5f);
        d.Eval();
        return d;
    }

    public static TheoryData<Case> Cases() => new()
    {
        new Case("bi-LSTM x2, projection, batch-first, last step, MSE",
            () => new Sequential(new Lstm(5, 6, numLayers: 2, batchFirst: true, bidirectional: true, projSize: 4, generator: new Generator(3)),
                new LastTimeStep(), new Linear(8, 3, generator: new Generator(4))),
            g => Tensor.Uniform(g, -1, 1, 4, 7, 5), g => Tensor.Uniform(g, -1, 1, 4, 3), new MseLoss()),
        new Case("GRU time-major 17 rows (row-parallel steps), per-step cross-entropy",
            () => new Sequential(new Gru(3, 8, generator: new Generator(5)), new Linear(8, 4, generator: new Generator(6))),
            g => Tensor.Uniform(g, -1, 1, 5, 17, 3), g => TestUtil.Tokens(g, 4, 5, 17), new CrossEntropyLoss()),
        new Case("embedding (padding), ReLU RNN x2 bidirectional, cross-entropy sum with ignore index",
            () => new Sequential(new Embedding(9, 4, paddingIndex: 0, generator: new Generator(7)),
                new Rnn(4, 5, numLayers: 2, nonlinearity: "relu", batchFirst: true, bidirectional: true, generator: new Generator(8)),
                new Linear(10, 9, generator: new Generator(9))),
            g => TestUtil.Tokens(g, 9, 3, 6), g => TestUtil.Tokens(g, 9, 3, 6), new CrossEntropyLoss(ignoreIndex: 2, reduction: Reduction.Sum)),
        new Case("bi-LSTM x2 batch-first, 20 rows (fused [x | h] steps, row-parallel), last step, MSE",
            () => new Sequential(new Lstm(7, 13, numLayers: 2, batchFirst: true, bidirectional: true, generator: new Generator(13)),
                new LastTimeStep(bidirectional: true), new Linear(26, 3, generator: new Generator(14))),
            g => Tensor.Uniform(g, -1, 1, 20, 5, 7), g => Tensor.Uniform(g, -1, 1, 20, 3), new MseLoss()),
        new Case("tanh RNN x2 time-major, 50 rows (past the in-place-A limit), per-step cross-entropy",
            () => new Sequential(new Rnn(6, 9, numLayers: 2, generator: new Generator(15)), new Linear(9, 5, generator: new Generator(16))),
            g => Tensor.Uniform(g, -1, 1, 4, 50, 6), g => TestUtil.Tokens(g, 5, 4, 50), new CrossEntropyLoss()),
        new Case("LSTM without bias, eval-mode dropout, summed MSE over the sequence",
            () => new Sequential(new Lstm(2, 3, bias: false, generator: new Generator(10)), EvalDropout()),
            g => Tensor.Uniform(g, -1, 1, 6, 2, 2), g => Tensor.Uniform(g, -1, 1, 6, 2, 3), new MseLoss(Reduction.Sum)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Steps_match_the_autograd_path_in_loss_and_every_gradient(Case c)
    {
        // 1 thread: directions in turn; 2 threads: the two directions of a layer run at once.
        int saved = Threading.MaxThreads;
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                Threading.MaxThreads = threads;
                CompareWithTape(c, threads);
            }
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    private static void CompareWithTape(Case c, int threads)
    {
        var planned = c.Model();
        var reference = c.Model();
        var x = c.Input(new Generator(11));
        var y = c.Target(new Generator(12));
        using var plan = TrainingPlan.Create(planned, c.Loss, threads, x.ShapeArray);
        var optPlanned = new Adam(planned.Parameters(), lr: 0.01f);
        var optReference = new Adam(reference.Parameters(), lr: 0.01f);
        for (int step = 0; step < 3; step++)
        {
            // Later steps run on reused buffers and repacked weights after an optimizer step.
            float loss = plan.Step(x, y);
            var expected = c.Loss.Compute(reference.Forward(x), y);
            expected.Backward();
            Assert.True(Math.Abs(expected.Item() - loss) <= 1e-5 * (1 + Math.Abs(loss)), $"step {step}: loss {loss} vs autograd {expected.Item()}");
            var refParams = reference.NamedParameters().ToDictionary(p => p.Key, p => p.Value);
            foreach (var (name, p) in planned.NamedParameters())
            {
                var r = refParams[name];
                Assert.NotNull(p.Grad);
                TestUtil.AssertClose(r.Grad!.ReadOnlyData, p.Grad!.ReadOnlyData, 1e-5, 1e-4, $"step {step} grad of {name}");
            }
            optPlanned.Step();
            optPlanned.ZeroGrad();
            optReference.Step();
            optReference.ZeroGrad();
        }
    }

    private static Sequential PartlyFrozen()
    {
        var model = new Sequential(new Embedding(9, 4, generator: new Generator(1)),
            new Lstm(4, 6, batchFirst: true, generator: new Generator(2)), new LastTimeStep(), new Linear(6, 3, generator: new Generator(3)));
        foreach (var (name, p) in model.NamedParameters())
            if (name is "0.weight" or "1.weight_hh_l0" or "3.bias") p.RequiresGrad = false;
        return model;
    }

    [Fact]
    public void Frozen_parameters_get_no_gradient_and_fit_leaves_them_alone()
    {
        // PyTorch: a parameter with requires_grad=False keeps grad None, so an optimizer that holds it skips it.
        var x = TestUtil.Tokens(new Generator(4), 9, 8, 5);
        var y = TestUtil.Tokens(new Generator(5), 3, 8);
        var planned = PartlyFrozen();
        var reference = PartlyFrozen();
        using (var plan = TrainingPlan.Create(planned, new CrossEntropyLoss(), 1, x.ShapeArray))
        {
            float loss = plan.Step(x, y);
            var expected = new CrossEntropyLoss().Compute(reference.Forward(x), y);
            expected.Backward();
            Assert.Equal(expected.Item(), loss, 5);
        }
        var refParams = reference.NamedParameters().ToDictionary(p => p.Key, p => p.Value);
        foreach (var (name, p) in planned.NamedParameters())
        {
            if (!p.RequiresGrad)
            {
                Assert.Null(p.Grad);
                Assert.Null(refParams[name].Grad);
                continue;
            }
            TestUtil.AssertClose(refParams[name].Grad!.ReadOnlyData, p.Grad!.ReadOnlyData, 1e-5, 1e-4, $"grad of {name}");
        }

        // Fit (planned) with an optimizer holding every parameter changes only the trainable ones.
        var model = PartlyFrozen();
        var before = model.NamedParameters().ToDictionary(p => p.Key, p => p.Value.ToArray());
        model.Compile(new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 0.05f));
        model.Fit(x, y, epochs: 2, batchSize: 4, generator: new Generator(6));
        foreach (var (name, p) in model.NamedParameters())
        {
            if (p.RequiresGrad) Assert.NotEqual(before[name], p.ToArray());
            else Assert.Equal(before[name], p.ToArray());
        }

        // Frozen after it had gradients (and Adam moments): the next Fit leaves it alone too.
        var head = model.NamedParameters().Single(q => q.Key == "3.weight").Value;
        head.RequiresGrad = false;
        var frozenNow = head.ToArray();
        model.Fit(x, y, epochs: 1, batchSize: 4, generator: new Generator(7));
        Assert.Equal(frozenNow, head.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Steady_state_training_steps_allocate_nothing(int threads)
    {
        // Embedding -> 2-layer LSTM -> Linear -> cross-entropy with Adam: a character LM's training step,
        // batch 16 so the recurrent steps split rows across workers at 2 threads.
        var model = new Sequential(new Embedding(20, 8, generator: new Generator(1)),
            new Lstm(8, 16, numLayers: 2, batchFirst: true, generator: new Generator(2)), new Linear(16, 20, generator: new Generator(3)));
        var x = TestUtil.Tokens(new Generator(4), 20, 16, 12);
        var y = TestUtil.Tokens(new Generator(5), 20, 16, 12);
        var adam = new Adam(model.Parameters(), lr: 0.01f);
        using var plan = TrainingPlan.Create(model, new CrossEntropyLoss(), threads, [16, 12]);
        float first = 0, last = 0;
        for (int i = 0; i < 5; i++)
        {
            float loss = plan.Step(x, y);
            if (i == 0) first = loss;
            adam.Step();
            adam.ZeroGrad();
        }
        TestUtil.WarmUntilNoAllocation(() =>
        {
            plan.Step(x, y);
            adam.Step();
            adam.ZeroGrad();
        });
        TestUtil.AssertNoSteadyAllocation(() =>
        {
            last = plan.Step(x, y);
            adam.Step();
            adam.ZeroGrad();
        }, 100, "TrainingPlan.Step with Adam");
        Assert.True(last < first * 0.8f, $"the loss should fall on one repeated batch: {first} -> {last}");
    }

    [Fact]
    public void Unplanned_layers_and_losses_are_named()
    {
        var withDropout = new Sequential(new Lstm(2, 3, numLayers: 2, dropout: 0.3f), new Linear(3, 1));
        var e = Assert.Throws<NotSupportedException>(() => TrainingPlan.Create(withDropout, new MseLoss(), 4, 2, 2));
        Assert.Contains("inter-layer dropout", e.Message);
        var e2 = Assert.Throws<NotSupportedException>(() => TrainingPlan.Create(new Sequential(new Linear(2, 2)), new HuberLoss(), 3, 2));
        Assert.Contains("huber", e2.Message, StringComparison.OrdinalIgnoreCase);
        var e3 = Assert.Throws<NotSupportedException>(() => TrainingPlan.Create(new Sequential(new Activation("tanh")), new MseLoss(), 3, 2));
        Assert.Contains("Activation", e3.Message);
    }

    [Fact]
    public void A_batch_of_another_shape_is_an_error()
    {
        using var plan = TrainingPlan.Create(new Sequential(new Gru(2, 3), new Linear(3, 1)), new MseLoss(), 4, 2, 2);
        var e = Assert.Throws<ArgumentException>(() => plan.Step(Tensor.Zeros(5, 2, 2), Tensor.Zeros(5, 2, 1)));
        Assert.Contains("planned for input [4, 2, 2], got [5, 2, 2]", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => plan.Step(Tensor.Zeros(4, 2, 2), Tensor.Zeros(4, 2)));
        Assert.Contains("expected target [4, 2, 1]", e2.Message);
    }

    [Fact]
    public void A_fractional_target_is_refused_like_the_tape_not_truncated_to_the_ignore_index()
    {
        var model = new Sequential(new Embedding(5, 3, generator: new Generator(1)), new Linear(3, 4, generator: new Generator(2)));
        using var plan = TrainingPlan.Create(model, new CrossEntropyLoss(), 1, [2, 3]);
        var x = Tensor.FromArray([1f, 2, 3, 4, 0, 1], 2, 3);
        var e = Assert.Throws<ArgumentException>(() => plan.Step(x, Tensor.FromArray([1f, -100.5f, 2, 0, 1, 3], 2, 3)));
        Assert.Contains("integer values", e.Message);
        Assert.Contains("-100.5", e.Message);
    }
}
