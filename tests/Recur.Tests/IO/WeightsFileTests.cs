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

    [Fact]
    public void Non_strict_loading_skips_unexpected_tensors_of_any_dtype()
    {
        // A PyTorch state_dict often carries int64 or half-precision buffers a Recur module lacks
        // (BatchNorm's num_batches_tracked, masks): strict: false skips them unread, as load_state_dict does.
        using var dir = new ScratchDir();
        string path = dir.File("w.safetensors");
        var weight = new float[6];
        for (int i = 0; i < 6; i++) weight[i] = i + 1;
        float[] bias = [0.5f, -0.5f, 1f];
        var data = new List<byte>();
        foreach (var v in weight.Concat(bias)) data.AddRange(BitConverter.GetBytes(v));
        data.AddRange(BitConverter.GetBytes(7L));    // bn.num_batches_tracked, I64
        data.AddRange(new byte[] { 0, 0x3C, 0, 0 }); // mask, F16 [2] (1.0, 0.0)
        string header = "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}," +
            "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}," +
            "\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[36,44]}," +
            "\"mask\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[44,48]}}";
        while ((header.Length + 8) % 8 != 0) header += " ";
        var bytes = new List<byte>(BitConverter.GetBytes((ulong)header.Length));
        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(header));
        bytes.AddRange(data);
        File.WriteAllBytes(path, bytes.ToArray());

        var model = new Sequential(new Linear(2, 3, generator: new Generator(3)));
        Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path, model)); // strict: the extra tensors are errors
        WeightsFile.Load(path, model, strict: false);
        Assert.Equal(weight, model.StateDict()["0.weight"].ToArray());
        Assert.Equal(bias, model.StateDict()["0.bias"].ToArray());
    }
}
