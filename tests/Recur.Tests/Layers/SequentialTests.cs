using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Layers;

public class SequentialTests
{
    [Fact]
    public void Chains_layers_with_pytorch_style_names()
    {
        var g = new Generator(5);
        var model = new Sequential(
            new Embedding(10, 4, generator: g),
            new Lstm(4, 6, batchFirst: true, generator: g),
            new LastTimeStep(),
            new Dropout(0.5f),
            new Linear(6, 3, generator: g),
            new Activation("tanh"));
        Assert.Equal(new[] { "0.weight", "1.weight_ih_l0", "1.weight_hh_l0", "1.bias_ih_l0", "1.bias_hh_l0", "4.weight", "4.bias" },
            model.NamedParameters().Select(p => p.Key).ToArray());
        model.Eval();
        var ids = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var y = model.Forward(ids);
        Assert.Equal(new[] { 2, 3 }, y.ShapeArray);
        // The same computation by hand.
        var lstm = (Lstm)model.Layers[1];
        var (seq, _, _) = lstm.Forward(((Embedding)model.Layers[0]).Forward(ids));
        var expected = ((Linear)model.Layers[4]).Forward(seq.Slice(1, 2, 1).Reshape(2, 6)).Tanh();
        Assert.Equal(expected.ToArray(), y.ToArray());
    }

    [Fact]
    public void Dropout_layer_is_identity_in_eval_and_drops_in_training()
    {
        var d = new Dropout(0.5f, new Generator(2));
        var x = Tensor.Ones(1000);
        var train = d.Forward(x).ToArray();
        Assert.InRange(train.Count(v => v == 0f), 400, 600);
        Assert.All(train.Where(v => v != 0f), v => Assert.Equal(2f, v));
        d.Eval();
        Assert.Equal(x.ToArray(), d.Forward(x).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1f));
        Assert.Throws<ArgumentException>(() => new Activation("softplus"));
        Assert.Throws<ArgumentException>(() => new LastTimeStep().Forward(Tensor.Zeros(2, 3)));
    }

    [Fact]
    public void Last_time_step_of_an_empty_sequence_names_the_problem() =>
        Assert.Contains("no time steps", Assert.Throws<ArgumentException>(() => new LastTimeStep().Forward(Tensor.Zeros(2, 0, 3))).Message);

    [Fact]
    public void A_layer_used_twice_hands_its_parameters_to_an_optimizer_once()
    {
        var shared = new Linear(3, 3, generator: new Generator(1));
        var model = new Sequential(shared, shared);
        Assert.Equal(4, model.NamedParameters().Count()); // "0.weight", "0.bias", "1.weight", "1.bias", as PyTorch's state_dict
        Assert.Equal(2, model.Parameters().Count);
        Assert.Equal(12, model.ParameterCount());
        var sgd = new Recur.Optim.Sgd(model.Parameters(), 0.1f); // used to throw "the same parameter twice"
        model.Forward(Tensor.Ones(2, 3)).Sum().Backward();
        sgd.Step();
    }

    [Fact]
    public void An_optimizer_refuses_a_gradient_of_another_shape()
    {
        var p = Tensor.Zeros(2, 3);
        p.RequiresGrad = true;
        var sgd = new Recur.Optim.Sgd([p], 0.1f);
        p.Grad = Tensor.Zeros(3, 2);
        Assert.Contains("gradient has shape [3, 2]", Assert.Throws<InvalidOperationException>(() => sgd.Step()).Message);
    }
}
