// ModelInfo (`recur info`): the kind of each Recur file, the rebuilt network, and a damaged model that still
// shows its tensors.
using System.Text.Json;
using Recur.Applications;
using Recur.IO;
using Recur.Layers;
using Recur.Tests.IO;
using Recur.Tensors;
using Xunit;

namespace Recur.Tests.Applications;

public class ModelInfoTests
{
    [Fact]
    public void A_layer_file_shows_its_network_and_every_tensor()
    {
        using var dir = new ScratchDir();
        var lstm = new Lstm(3, 5, numLayers: 2, batchFirst: true);
        ModelFile.Save(dir.File("lstm.safetensors"), lstm);
        var info = ModelInfo.Read(dir.File("lstm.safetensors"));
        Assert.Equal("layer", info.Kind);
        Assert.Equal("LSTM(3, 5, num_layers=2, batch_first=True)", info.Architecture);
        Assert.Null(info.LoadError);
        Assert.Equal(lstm.NamedParameters().Select(p => p.Key), info.Tensors.Select(t => t.Name));
        Assert.Equal(lstm.ParameterCount(), info.Values);
        Assert.Equal(new FileInfo(dir.File("lstm.safetensors")).Length, info.Bytes);
        Assert.Contains("\n  weight_hh_l1  F32  [20, 5]\n", info.ToText());
    }

    [Fact]
    public void Plain_safetensors_and_checkpoints_are_named_as_such()
    {
        using var dir = new ScratchDir();
        var tensors = new[] { new KeyValuePair<string, NdArray>("w", NdArray.FromInt32([1, 2, 3, 4, 5, 6], [2, 3])) };
        SafeTensors.Write(dir.File("plain.safetensors"), tensors);
        var plain = ModelInfo.Read(dir.File("plain.safetensors"));
        Assert.Equal("safetensors", plain.Kind);
        Assert.Null(plain.Architecture);
        Assert.Equal(6, plain.Values);
        Assert.Contains("recur import torch", plain.ToText());

        SafeTensors.Write(dir.File("ckpt.safetensors"), tensors, new Dictionary<string, string> { ["recur.checkpoint"] = "{}" });
        Assert.Equal("checkpoint", ModelInfo.Read(dir.File("ckpt.safetensors")).Kind);
    }

    [Fact]
    public void A_task_model_that_does_not_rebuild_still_lists_its_tensors_and_says_why()
    {
        using var dir = new ScratchDir();
        var net = new Linear(2, 3);
        TaskModelFile.Save(dir.File("bad.safetensors"), "forecast", "{\"column\": null}", net);
        var info = ModelInfo.Read(dir.File("bad.safetensors"));
        Assert.Equal("task", info.Kind);
        Assert.Equal("forecast", info.Task);
        Assert.Null(info.Architecture);
        Assert.NotNull(info.LoadError);
        Assert.Contains("network: cannot be rebuilt: ", info.ToText());
        Assert.Equal(2, info.Tensors.Count);

        using var json = JsonDocument.Parse(info.ToJson());
        Assert.Equal("forecast", json.RootElement.GetProperty("task").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("network").ValueKind);
        Assert.Equal("{\"column\": null}", json.RootElement.GetProperty("metadata").GetProperty("recur.task_config").GetString());
        Assert.Equal(new[] { 3, 2 }, json.RootElement.GetProperty("tensors")[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Half_precision_files_list_with_their_dtypes_and_one_line_per_metadata_entry()
    {
        using var dir = new ScratchDir();
        string path = dir.File("half.safetensors");
        // A one-tensor F16 file written by hand: [u64 header length][header][4 data bytes].
        string header = "{\"__metadata__\":{\"note\":\"two\\nlines\"},\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        var bytes = new List<byte>(BitConverter.GetBytes((long)header.Length));
        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(header));
        bytes.AddRange(new byte[4]);
        File.WriteAllBytes(path, bytes.ToArray());
        var info = ModelInfo.Read(path);
        Assert.Equal("safetensors", info.Kind);
        string text = info.ToText();
        Assert.Contains("1 tensor, 2 values", text);
        Assert.Contains("\n  w  F16  [2]", text);
        Assert.Contains("  note: two\\nlines\n", text);
        Assert.Contains("two\\nlines", info.ToJson()); // JSON escapes the real line break
    }

    [Fact]
    public void Control_characters_in_names_and_metadata_cannot_forge_report_lines()
    {
        using var dir = new ScratchDir();
        string path = dir.File("odd.safetensors");
        var tensors = new[] { new KeyValuePair<string, NdArray>("a\nkind: forged", NdArray.FromFloat32([1f], [1])) };
        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["k\u001b[2J"] = "v" });
        string text = ModelInfo.Read(path).ToText();
        Assert.Contains("a\\nkind: forged", text);
        Assert.Contains("k\\u001B[2J: v", text);
        Assert.Single(text.Split('\n'), l => l.StartsWith("kind:", StringComparison.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelInfo.Read(path).ToText(maxValueChars: -1));

        // The network text (recur.weights_of) and the load error come from the file too: escaped as well.
        SafeTensors.Write(path, [new("w", NdArray.FromFloat32([1f], [1]))],
            new Dictionary<string, string> { [WeightsFile.ModuleKey] = "X\u001b[2J\rkind: plain safetensors" });
        string weights = ModelInfo.Read(path).ToText();
        Assert.DoesNotContain("\u001b", weights);
        Assert.DoesNotContain("\r", weights);
        Assert.Contains("X\\u001B[2J\\rkind: plain safetensors", weights);
        Assert.Single(weights.Split('\n'), l => l.StartsWith("kind:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_through_a_pipe_shows_its_network_too()
    {
        // recur info --model <(cat m.safetensors): a pipe reads once; the network used to fail with "0 bytes long".
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/mkfifo")) return; // FIFOs: Linux, where CI runs
        using var dir = new ScratchDir();
        string model = dir.File("m.safetensors"), fifo = dir.File("pipe");
        ModelFile.Save(model, new Gru(3, 4));
        using (var mk = System.Diagnostics.Process.Start("/usr/bin/mkfifo", fifo)) mk.WaitForExit();
        var bytes = File.ReadAllBytes(model);
        var writer = Task.Run(() => File.WriteAllBytes(fifo, bytes));
        var info = ModelInfo.Read(fifo);
        await writer;
        Assert.Null(info.LoadError);
        Assert.Equal("GRU(3, 4)", info.Architecture);
        Assert.Equal(fifo, info.Path);
    }

    [Fact]
    public void An_unknown_task_is_named_as_unknown()
    {
        using var dir = new ScratchDir();
        string path = dir.File("t.safetensors");
        TaskModelFile.Save(path, "nope", "{}", new Linear(1, 1));
        Assert.Contains("an unknown task 'nope' (known: charlm, classify, forecast, speech, tag, translate)", ModelInfo.Read(path).ToText());
    }

    [Fact]
    public void Best_epoch_weights_are_named_as_weights()
    {
        using var dir = new ScratchDir();
        string path = dir.File("best.safetensors");
        var tensors = new[] { new KeyValuePair<string, NdArray>("w", NdArray.FromFloat32([1f], [1])) };
        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["recur.best"] = "val_loss=0.5 at epoch 3" });
        var info = ModelInfo.Read(path);
        Assert.Equal("weights", info.Kind);
        Assert.Contains("best-epoch weights", info.ToText());
    }

    [Fact]
    public void Long_metadata_values_are_cut_short_in_the_text_only()
    {
        using var dir = new ScratchDir();
        string config = new string('x', 500);
        var tensors = new[] { new KeyValuePair<string, NdArray>("w", NdArray.FromFloat32([1f], [1])) };
        SafeTensors.Write(dir.File("m.safetensors"), tensors, new Dictionary<string, string> { ["note"] = config });
        var info = ModelInfo.Read(dir.File("m.safetensors"));
        Assert.Contains("... (500 characters)", info.ToText(maxValueChars: 20));
        Assert.Contains(config, info.ToJson());
    }
}
