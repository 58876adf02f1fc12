using Recur.Layers;
using Xunit;

namespace Recur.Tests.Layers;

public class RecurrentConfigTests
{
    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void A_nonlinearity_on_a_gated_cell_is_refused_rather_than_ignored(string kind)
    {
        // PyTorch raises a TypeError for nn.LSTM(..., nonlinearity="relu"); building a tanh cell instead would be silent.
        var config = new RecurrentConfig { Kind = kind, InputSize = 3, HiddenSize = 4, Nonlinearity = "relu" };
        var e = Assert.Throws<ArgumentException>(() => config.Create());
        Assert.Contains("nonlinearity 'relu' applies only to rnn", e.Message);
        Assert.Equal(kind.ToUpperInvariant() + "(3, 4)", (config with { Nonlinearity = "tanh" }).Create().ToString());
    }

    [Fact]
    public void An_unknown_kind_is_named_before_its_nonlinearity()
    {
        var config = new RecurrentConfig { Kind = "foo", InputSize = 3, HiddenSize = 4, Nonlinearity = "relu" };
        Assert.Contains("Unknown recurrent kind 'foo'", Assert.Throws<ArgumentException>(() => config.Create()).Message);
    }

    [Fact]
    public void A_relu_rnn_keeps_its_nonlinearity_through_the_config()
    {
        var config = new RecurrentConfig { Kind = "rnn", InputSize = 3, HiddenSize = 4, Nonlinearity = "relu" };
        var layer = config.Create();
        Assert.Equal("relu", RecurrentConfig.From(layer).Nonlinearity);
    }
}
