// RecurrentInitTests: Init.PytorchDefault redraws a recurrent layer exactly as its constructor does for the
// same generator state (so U(-1/sqrt(H), 1/sqrt(H)) in state-dict order), and Init.UnitForgetBias makes
// every LSTM forget-gate bias pair sum to 1 while leaving other gates alone; both reject wrong layers.
using Recur.Layers;
using Recur.Tensors;
using Inits = Recur.Layers.Init.Initializers;

namespace Recur.Tests.Layers.Init;

public class RecurrentInitTests
{
    [Fact]
    public void Pytorch_default_reproduces_the_constructor_draw()
    {
        var expected = new Lstm(3, 4, numLayers: 2, bidirectional: true, generator: new Generator(7));
        var layer = new Lstm(3, 4, numLayers: 2, bidirectional: true, generator: new Generator(8));
        Inits.PytorchDefault(layer, new Generator(7));
        var want = expected.StateDict();
        foreach (var (name, p) in layer.StateDict())
        {
            Assert.Equal(want[name].ToArray(), p.ToArray());
            Assert.All(p.ToArray(), v => Assert.InRange(v, -0.5f, 0.5f));
        }
    }

    [Fact]
    public void Unit_forget_bias_sums_to_one_in_every_layer_and_direction()
    {
        const int h = 5;
        var lstm = new Lstm(3, h, numLayers: 2, bidirectional: true, generator: new Generator(1));
        var before = lstm.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        Inits.UnitForgetBias(lstm);
        var after = lstm.StateDict();
        int pairs = 0;
        foreach (var (name, p) in after)
        {
            if (!name.StartsWith("bias_ih", StringComparison.Ordinal))
            {
                if (!name.StartsWith("bias_hh", StringComparison.Ordinal)) Assert.Equal(before[name], p.ToArray());
                continue;
            }
            float[] ih = p.ToArray(), hh = after[name.Replace("bias_ih", "bias_hh")].ToArray();
            float[] ihBefore = before[name], hhBefore = before[name.Replace("bias_ih", "bias_hh")];
            for (int j = 0; j < 4 * h; j++)
            {
                if (j >= h && j < 2 * h) Assert.Equal(1f, ih[j] + hh[j]);
                else
                {
                    Assert.Equal(ihBefore[j], ih[j]);
                    Assert.Equal(hhBefore[j], hh[j]);
                }
            }
            pairs++;
        }
        Assert.Equal(4, pairs);
    }

    [Fact]
    public void Unit_forget_bias_rejects_other_layers()
    {
        Assert.Contains("LSTM", Assert.Throws<ArgumentException>(() => Inits.UnitForgetBias(new Gru(2, 3))).Message);
        Assert.Contains("bias", Assert.Throws<ArgumentException>(() => Inits.UnitForgetBias(new Lstm(2, 3, bias: false))).Message);
    }
}
