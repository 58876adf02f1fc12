using Recur.IO;
using Recur.Tests.IO;

namespace Recur.Tests.Cli.Commands;

/// <summary>`recur import torch` then `recur run` on a PyTorch golden: the CLI reproduces PyTorch's outputs.</summary>
public class ImportRunCommandTests
{
    private static readonly string Golden = Path.Combine(TestUtil.RepoRoot, "tests", "golden", "rnn");

    [Theory]
    [InlineData("lstm", "case29", new[] { "--num-layers", "2", "--bidirectional", "--batch-first" })]
    [InlineData("lstm_proj", "case25", new[] { "--num-layers", "2", "--bidirectional", "--proj-size", "2" })]
    [InlineData("gru", "case17", new[] { "--num-layers", "2" })]
    [InlineData("rnn_relu", "case3", new[] { "--nonlinearity", "relu", "--no-bias" })]
    public void Imported_pytorch_weights_give_pytorchs_outputs(string file, string caseName, string[] options)
    {
        var golden = SafeTensors.Read(Path.Combine(Golden, file + ".safetensors"));
        using var dir = new ScratchDir();
        string prefix = caseName + "/param/";
        SafeTensors.Write(dir.File("sd.safetensors"), golden.Tensors.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(t => new KeyValuePair<string, NdArray>(t.Key[prefix.Length..], t.Value)));
        bool lstm = file.StartsWith("lstm", StringComparison.Ordinal);
        string kind = lstm ? "lstm" : file.StartsWith("gru", StringComparison.Ordinal) ? "gru" : "rnn";
        var args = new List<string> { "import", "torch", "--kind", kind, "--input-size", "3", "--hidden-size", "4",
            "--weights", dir.File("sd.safetensors"), "--out", dir.File("model.safetensors") };
        args.AddRange(options);
        var (code, stdout, stderr) = CliProcess.InProcess(args.ToArray());
        Assert.True(code == 0, stderr);
        Assert.Contains("imported", stdout);

        Npy.Write(dir.File("x.npy"), golden[caseName + "/x"]);
        Npy.Write(dir.File("h0.npy"), golden[caseName + "/h0"]);
        var run = new List<string> { "run", "--model", dir.File("model.safetensors"), "--input", dir.File("x.npy"),
            "--output", dir.File("y.npy"), "--h0", dir.File("h0.npy"), "--hn", dir.File("hn.npy") };
        if (lstm)
        {
            Npy.Write(dir.File("c0.npy"), golden[caseName + "/c0"]);
            run.AddRange(["--c0", dir.File("c0.npy"), "--cn", dir.File("cn.npy")]);
        }
        if (golden.TryGetValue(caseName + "/lengths", out var lengths))
        {
            Npy.Write(dir.File("len.npy"), lengths);
            run.AddRange(["--lengths", dir.File("len.npy")]);
        }
        (code, _, stderr) = CliProcess.InProcess(run.ToArray());
        Assert.True(code == 0, stderr);
        TestUtil.AssertClose(golden[caseName + "/out"].AsFloat32(), Npy.Read(dir.File("y.npy")).AsFloat32(), 1e-5, 1e-5, "output");
        TestUtil.AssertClose(golden[caseName + "/h_n"].AsFloat32(), Npy.Read(dir.File("hn.npy")).AsFloat32(), 1e-5, 1e-5, "h_n");
        if (lstm) TestUtil.AssertClose(golden[caseName + "/c_n"].AsFloat32(), Npy.Read(dir.File("cn.npy")).AsFloat32(), 1e-5, 1e-5, "c_n");
    }

    [Fact]
    public void Import_with_wrong_options_names_the_tensors_and_writes_nothing()
    {
        var golden = SafeTensors.Read(Path.Combine(Golden, "gru.safetensors"));
        using var dir = new ScratchDir();
        const string prefix = "case17/param/";
        SafeTensors.Write(dir.File("sd.safetensors"), golden.Tensors.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(t => new KeyValuePair<string, NdArray>(t.Key[prefix.Length..], t.Value)));
        var (code, _, stderr) = CliProcess.InProcess("import", "torch", "--kind", "gru", "--input-size", "3", "--hidden-size", "4",
            "--bidirectional", "--weights", dir.File("sd.safetensors"), "--out", dir.File("model.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("missing key 'weight_ih_l0_reverse'", stderr);
        Assert.Contains("unexpected key 'weight_ih_l1'", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(File.Exists(dir.File("model.safetensors")));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Run_reports_missing_files_and_bad_shapes_clearly()
    {
        using var dir = new ScratchDir();
        var (code, _, stderr) = CliProcess.InProcess("run", "--model", dir.File("nope.safetensors"), "--input", dir.File("x.npy"), "--output", dir.File("y.npy"));
        Assert.Equal(2, code);
        Assert.Contains("nope.safetensors", stderr);

        Recur.IO.ModelFile.Save(dir.File("m.safetensors"), new Recur.Layers.Gru(3, 4));
        Npy.Write(dir.File("x.npy"), NdArray.FromFloat32(new float[2 * 5], [2, 5]));
        (code, _, stderr) = CliProcess.InProcess("run", "--model", dir.File("m.safetensors"), "--input", dir.File("x.npy"), "--output", dir.File("y.npy"));
        Assert.Equal(2, code);
        Assert.Contains("Expected 3, got 5", stderr);
        Assert.False(File.Exists(dir.File("y.npy")));

        // One path for two outputs (or an output over an input) is refused before anything is written.
        Npy.Write(dir.File("x3.npy"), NdArray.FromFloat32(new float[2 * 3], [2, 3]));
        (code, _, stderr) = CliProcess.InProcess("run", "--model", dir.File("m.safetensors"), "--input", dir.File("x3.npy"), "--output", dir.File("y.npy"), "--hn", dir.File("y.npy"));
        Assert.Equal(2, code);
        Assert.Contains("--output and --hn name the same file", stderr);
        Assert.False(File.Exists(dir.File("y.npy")));
        (code, _, stderr) = CliProcess.InProcess("run", "--model", dir.File("m.safetensors"), "--input", dir.File("x3.npy"), "--output", dir.File("x3.npy"));
        Assert.Equal(2, code);
        Assert.Contains("--output names the file --input reads", stderr);
        Assert.Equal(new float[6], Npy.Read(dir.File("x3.npy")).AsFloat32()); // the input is still there
        (code, _, stderr) = CliProcess.InProcess("run", "--model", dir.File("m.safetensors"), "--input", dir.File("x3.npy"), "--output", dir.File("y.npy"), "--hn", dir.File("h.npy"));
        Assert.True(code == 0, stderr);

        (code, _, stderr) = CliProcess.InProcess("import", "torch", "--kind", "transformer", "--input-size", "3", "--hidden-size", "4",
            "--weights", "w", "--out", "o");
        Assert.NotEqual(0, code);
        Assert.Contains("transformer", stderr);
    }
}
