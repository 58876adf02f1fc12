using Recur.IO;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.IO;

public class ModelFileTests
{
    [Fact]
    public void Save_then_load_rebuilds_the_same_model_from_the_file_alone()
    {
        using var dir = new ScratchDir();
        var lstm = new Lstm(5, 8, numLayers: 2, batchFirst: true, dropout: 0.25f, bidirectional: true, projSize: 3, generator: new Generator(2));
        ModelFile.Save(dir.File("m.safetensors"), lstm);
        var loaded = Assert.IsType<Lstm>(ModelFile.Load(dir.File("m.safetensors")));
        Assert.Equal(RecurrentConfig.From(lstm), RecurrentConfig.From(loaded));
        foreach (var (name, p) in lstm.NamedParameters())
            Assert.Equal(p.ToArray(), loaded.StateDict()[name].ToArray());
        var x = Tensor.Uniform(new Generator(3), -1, 1, 2, 4, 5);
        lstm.Eval();
        loaded.Eval();
        Assert.Equal(lstm.Forward(x).Output.ToArray(), loaded.Forward(x).Output.ToArray());

        // Its tensors are a plain PyTorch state_dict: names, shapes and float32 dtype.
        var file = SafeTensors.Read(dir.File("m.safetensors"));
        Assert.Equal(lstm.NamedParameters().Select(p => p.Key), file.Names);
        Assert.All(file.Tensors, t => Assert.Equal(DType.F32, t.Value.DType));
        Assert.Contains("\"proj_size\":3", file.Metadata[ModelFile.ConfigKey]);
    }

    [Fact]
    public void A_plain_state_dict_is_not_a_model_and_the_error_says_how_to_import_it()
    {
        using var dir = new ScratchDir();
        var rnn = new Rnn(2, 3);
        SafeTensors.Write(dir.File("sd.safetensors"), rnn.NamedParameters().Select(p => new KeyValuePair<string, NdArray>(p.Key, NdArray.FromTensor(p.Value))));
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(dir.File("sd.safetensors")));
        Assert.Contains("recur import torch", e.Message);
        Assert.Contains("sd.safetensors", e.Message);
    }

    [Fact]
    public void Other_recur_files_are_named_for_what_they_are_not_sent_to_import()
    {
        string charlm = Path.Combine(TestUtil.RepoRoot, "models", "charlm-shakespeare.safetensors");
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(charlm));
        Assert.Contains("is a Recur 'charlm' application model, not a recurrent layer", e.Message);
        Assert.DoesNotContain("import torch", e.Message);
        using var dir = new ScratchDir();
        WeightsFile.Save(dir.File("w.safetensors"), new Linear(2, 1));
        Assert.Contains("holds the weights of a Linear(in_features=2, out_features=1, bias=True)",
            Assert.Throws<InvalidDataException>(() => ModelFile.Load(dir.File("w.safetensors"))).Message);
    }

    [Theory]
    [InlineData(2048, 8), InlineData(8192, 64)]
    public void A_configuration_far_larger_than_the_file_is_refused_before_anything_is_allocated(int hidden, int layers)
    {
        // A file with one small tensor whose configuration was edited to sizes of gigabytes (or past what one
        // array can hold): refused from the counts alone, never allocated, never an OverflowException.
        using var dir = new ScratchDir();
        SafeTensors.Write(dir.File("m.safetensors"), [new("weight_ih_l0", NdArray.FromFloat32(new float[8], [8, 1]))],
            new Dictionary<string, string>
            {
                [ModelFile.ModelKey] = "recurrent",
                [ModelFile.ConfigKey] = new RecurrentConfig { Kind = "lstm", InputSize = 1, HiddenSize = hidden, NumLayers = layers }.ToJson(),
            });
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(dir.File("m.safetensors")));
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 16 << 20, "the model's parameters were allocated");
        Assert.Contains("m.safetensors", e.Message);
        Assert.Contains("parameters but the file holds only 8 values", e.Message);
    }

    [Fact]
    public void A_layer_too_large_for_one_array_is_an_argument_error_not_an_overflow()
    {
        var e = Assert.Throws<ArgumentException>(() => new Lstm(1, 8192, numLayers: 64));
        Assert.Contains("more than one array can hold", e.Message);
        Assert.Contains("LSTM", e.Message);
    }

    [Fact]
    public void Import_names_every_missing_extra_and_misshaped_tensor()
    {
        using var dir = new ScratchDir();
        var gru = new Gru(4, 6, numLayers: 2);
        var tensors = gru.NamedParameters()
            .Where(p => p.Key != "bias_hh_l1")
            .Select(p => new KeyValuePair<string, NdArray>(p.Key, p.Key == "weight_hh_l0" ? NdArray.FromFloat32(new float[18 * 5], [18, 5]) : NdArray.FromTensor(p.Value)))
            .Append(new KeyValuePair<string, NdArray>("weight_ih_l2", NdArray.FromFloat32(new float[3], [3])));
        SafeTensors.Write(dir.File("sd.safetensors"), tensors);
        var e = Assert.Throws<InvalidDataException>(() =>
            ModelFile.ImportTorch(new RecurrentConfig { Kind = "gru", InputSize = 4, HiddenSize = 6, NumLayers = 2 }, dir.File("sd.safetensors")));
        Assert.Contains("missing key 'bias_hh_l1'", e.Message);
        Assert.Contains("unexpected key 'weight_ih_l2'", e.Message);
        Assert.Contains("size mismatch for 'weight_hh_l0'", e.Message);
        Assert.Contains("[18, 5]", e.Message);
        Assert.Contains("[18, 6]", e.Message);
    }

    [Fact]
    public void Float64_weights_import_and_integer_weights_are_refused()
    {
        using var dir = new ScratchDir();
        var rnn = new Rnn(2, 3, bias: false);
        SafeTensors.Write(dir.File("f64.safetensors"), rnn.NamedParameters().Select(p =>
            new KeyValuePair<string, NdArray>(p.Key, NdArray.FromFloat64(p.Value.ToArray().Select(v => (double)v).ToArray(), p.Value.ShapeArray))));
        var imported = ModelFile.ImportTorch(new RecurrentConfig { Kind = "rnn", InputSize = 2, HiddenSize = 3, Bias = false }, dir.File("f64.safetensors"));
        Assert.Equal(rnn.StateDict()["weight_hh_l0"].ToArray(), imported.StateDict()["weight_hh_l0"].ToArray());
        SafeTensors.Write(dir.File("int.safetensors"), [new("weight_ih_l0", NdArray.FromInt32(new int[6], [3, 2]))]);
        var e = Assert.Throws<InvalidDataException>(() =>
            ModelFile.ImportTorch(new RecurrentConfig { Kind = "rnn", InputSize = 2, HiddenSize = 3, Bias = false }, dir.File("int.safetensors")));
        Assert.Contains("integer dtype", e.Message);
    }
}
