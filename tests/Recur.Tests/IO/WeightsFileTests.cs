using Recur.Applications;
using Recur.IO;
using Recur.Layers;
using Recur.Tensors;
using Xunit;

namespace Recur.Tests.IO;

public class WeightsFileTests
{
    private static Sequential Model(int hidden, ulong seed)
    {
        var g = new Generator(seed);
        return new Sequential(new Embedding(10, 4, generator: g), new Lstm(4, hidden, batchFirst: true, generator: g),
            new LastTimeStep(), new Linear(hidden, 3, generator: g));
    }

    [Fact]
    public void Saved_weights_load_into_a_fresh_model_of_the_same_architecture_bit_for_bit()
    {
        using var dir = new ScratchDir();
        string path = dir.File("w.safetensors");
        var a = Model(6, seed: 1);
        var b = Model(6, seed: 2);
        var x = Tensor.FromArray([1f, 2, 3, 4, 5, 6, 7, 8], [2, 4]);
        a.Eval();
        b.Eval();
        Assert.NotEqual(a.Forward(x).ToArray(), b.Forward(x).ToArray());
        WeightsFile.Save(path, a);
        WeightsFile.Load(path, b);
        Assert.Equal(a.Forward(x).ToArray(), b.Forward(x).ToArray());
        Assert.Equal(a.StateDict().Keys.Order(), SafeTensors.ReadHeader(path).Tensors.Select(t => t.Name).Order());

        var info = ModelInfo.Read(path);
        Assert.Equal("weights", info.Kind);
        Assert.Equal(a.ToString(), info.Architecture);
    }

    [Fact]
    public void Weights_of_another_architecture_are_refused_whole_and_change_nothing()
    {
        using var dir = new ScratchDir();
        string path = dir.File("w.safetensors");
        WeightsFile.Save(path, Model(6, seed: 1));
        var other = Model(5, seed: 2);
        var before = other.StateDict().ToDictionary(p => p.Key, p => p.Value.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path, other));
        Assert.Contains(path, e.Message);
        Assert.Contains("size mismatch for '1.weight_hh_l0'", e.Message);
        Assert.Contains("size mismatch for '3.weight'", e.Message);
        foreach (var (name, value) in other.StateDict()) Assert.Equal(before[name], value.ToArray());
    }

    [Fact]
    public void Non_strict_loading_skips_tensors_the_module_does_not_have()
    {
        using var dir = new ScratchDir();
        string path = dir.File("w.safetensors");
        var g = new Generator(1);
        var big = new Sequential(new Linear(2, 3, generator: g), new Linear(3, 1, generator: g));
        WeightsFile.Save(path, big);
        var small = new Sequential(new Linear(2, 3, generator: new Generator(5)));
        Assert.Contains("unexpected key '1.weight'", Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path, small)).Message);
        WeightsFile.Load(path, small, strict: false);
        Assert.Equal(big.StateDict()["0.weight"].ToArray(), small.StateDict()["0.weight"].ToArray());

        // As in PyTorch, strict: false also skips parameters the file lacks; they keep their values.
        WeightsFile.Save(path, small);
        var bigger = new Sequential(new Linear(2, 3, generator: new Generator(7)), new Linear(3, 1, generator: new Generator(8)));
        var head = bigger.StateDict()["1.weight"].ToArray();
        Assert.Contains("missing key '1.weight'", Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path, bigger)).Message);
        WeightsFile.Load(path, bigger, strict: false);
        Assert.Equal(small.StateDict()["0.bias"].ToArray(), bigger.StateDict()["0.bias"].ToArray());
        Assert.Equal(head, bigger.StateDict()["1.weight"].ToArray());
    }
}
