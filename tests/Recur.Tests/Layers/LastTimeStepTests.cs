using Recur.Applications.Forecasting;
using Recur.Inference;
using Recur.Layers;
using Recur.Losses;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tests.Layers;

public class LastTimeStepTests
{
    [Fact]
    public void Takes_the_output_at_the_last_step()
    {
        var x = Tensor.Uniform(new Generator(1), -1, 1, 3, 5, 4);
        var y = new LastTimeStep().Forward(x);
        Assert.Equal(new[] { 3, 4 }, y.ShapeArray);
        var data = x.ToArray();
        for (int b = 0; b < 3; b++)
            for (int f = 0; f < 4; f++)
                Assert.Equal(data[(b * 5 + 4) * 4 + f], y.ToArray()[b * 4 + f]);
    }

    [Theory]
    [InlineData("gru", 1)]
    [InlineData("lstm", 2)]
    [InlineData("rnn", 3)]
    public void Bidirectional_gives_the_final_states_of_both_directions_of_the_last_layer(string kind, int layers)
    {
        // PyTorch's h_n[-2] (forward) and h_n[-1] (reverse), which Keras' Bidirectional returns without sequences.
        var rnn = new RecurrentConfig { Kind = kind, InputSize = 3, HiddenSize = 5, NumLayers = layers, BatchFirst = true, Bidirectional = true }
            .Create(new Generator(2));
        var x = Tensor.Uniform(new Generator(3), -1, 1, 4, 6, 3);
        var (output, hN, _) = rnn.ForwardStates(x);
        var last = new LastTimeStep(bidirectional: true).Forward(output);
        var expected = Tensor.Concat([hN.Slice(0, 2 * layers - 2, 1).Reshape(4, 5), hN.Slice(0, 2 * layers - 1, 1).Reshape(4, 5)], 1);
        Assert.Equal(expected.ToArray(), last.ToArray());
        // The plain last step differs in the reverse half: there the reverse direction has read one step only.
        var plain = new LastTimeStep().Forward(output).ToArray();
        Assert.Equal(expected.ToArray().Take(5), plain.Take(5));
        Assert.NotEqual(expected.ToArray().Skip(5).Take(5), plain.Skip(5).Take(5));
    }

    [Fact]
    public void Bidirectional_gradients_match_finite_differences() =>
        TestUtil.AssertGradCheck(t => new LastTimeStep(bidirectional: true).Forward(t[0]).Tanh(), TestUtil.Rand(new Generator(4), 2, 3, 6));

    [Fact]
    public void Bidirectional_with_one_step_takes_both_halves_from_it()
    {
        var x = Tensor.Uniform(new Generator(5), -1, 1, 2, 1, 4);
        Assert.Equal(x.ToArray(), new LastTimeStep(bidirectional: true).Forward(x).ToArray());
    }

    [Fact]
    public void Bad_inputs_are_named()
    {
        var odd = Assert.Throws<ArgumentException>(() => new LastTimeStep(bidirectional: true).Forward(Tensor.Zeros(2, 3, 5)));
        Assert.Contains("two directions of equal size", odd.Message);
        Assert.Contains("F = 5", odd.Message);
        Assert.Contains("no time steps", Assert.Throws<ArgumentException>(() => new LastTimeStep(true).Forward(Tensor.Zeros(2, 0, 4))).Message);
        Assert.Contains("[B, T, F]", Assert.Throws<ArgumentException>(() => new LastTimeStep(true).Forward(Tensor.Zeros(2, 4))).Message);
    }

    [Fact]
    public void Prints_its_setting()
    {
        Assert.Equal("LastTimeStep()", new LastTimeStep().ToString());
        Assert.Equal("LastTimeStep(bidirectional=True)", new LastTimeStep(bidirectional: true).ToString());
    }

    private static Sequential BiModel() => new(
        new Lstm(3, 4, batchFirst: true, bidirectional: true, generator: new Generator(6)),
        new LastTimeStep(bidirectional: true),
        new Linear(8, 2, generator: new Generator(7)));

    [Fact]
    public void Plans_match_the_tape_in_outputs_and_every_gradient()
    {
        var x = Tensor.Uniform(new Generator(8), -1, 1, 5, 7, 3);
        var y = Tensor.Uniform(new Generator(9), -1, 1, 5, 2);

        var tapeModel = BiModel();
        tapeModel.Eval();
        var expected = tapeModel.Forward(x).ToArray();
        using (var inference = InferencePlan.Create(BiModel(), 5, 7, 3))
        {
            Assert.Equal(expected, inference.Run(x.ToArray()).ToArray());
        }

        var planned = BiModel();
        var reference = BiModel();
        using var plan = TrainingPlan.Create(planned, new MseLoss(), 1, x.ShapeArray);
        float loss = plan.Step(x, y);
        var refLoss = new MseLoss().Compute(reference.Forward(x), y);
        refLoss.Backward();
        Assert.Equal(refLoss.Item(), loss, 5);
        foreach (var (name, p) in planned.NamedParameters())
        {
            var r = reference.NamedParameters().Single(q => q.Key == name).Value;
            TestUtil.AssertClose(r.Grad!.ToArray(), p.Grad!.ToArray(), 1e-5, 1e-4, name);
        }
    }

    [Fact]
    public void A_bidirectional_forecaster_reads_each_direction_where_it_ends()
    {
        var f = new Forecaster(new ForecastConfig
        {
            Column = "x", Lookback = 6,
            Rnn = new RecurrentConfig { Kind = "gru", InputSize = 1, HiddenSize = 3, BatchFirst = true, Bidirectional = true },
        }, new Generator(10));
        Assert.True(Assert.IsType<LastTimeStep>(f.Network.Layers[1]).Bidirectional);
        var uni = new Forecaster(new ForecastConfig
        {
            Column = "x", Lookback = 6,
            Rnn = new RecurrentConfig { Kind = "gru", InputSize = 1, HiddenSize = 3, BatchFirst = true },
        }, new Generator(10));
        Assert.False(Assert.IsType<LastTimeStep>(uni.Network.Layers[1]).Bidirectional);
        // A model file written before the field existed keeps the reading it was trained with.
        string json = f.Config.ToJson();
        Assert.Contains("\"each_direction_at_its_end\":true", json);
        var old = ForecastConfig.FromJson(json.Replace(",\"each_direction_at_its_end\":true", ""), "old.safetensors");
        Assert.False(old.EachDirectionAtItsEnd);
        Assert.False(Assert.IsType<LastTimeStep>(new Forecaster(old).Network.Layers[1]).Bidirectional);
        Assert.True(ForecastConfig.FromJson(json, "new.safetensors").EachDirectionAtItsEnd);
    }
}
