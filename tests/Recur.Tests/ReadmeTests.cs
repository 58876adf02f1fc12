using Recur.Layers;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tests;

/// <summary>The README's quick-start snippet runs, and the README shows exactly this code.</summary>
public class ReadmeTests
{
    [Fact]
    public void Quick_start_snippet_runs_and_matches_the_readme()
    {
        var output0 = new StringWriter();
        // --- snippet (kept identical to README.md) ---
        var lstm = new Lstm(inputSize: 8, hiddenSize: 32, numLayers: 2, bidirectional: true, generator: new Generator(1));
        var x = Tensor.Uniform(new Generator(2), -1, 1, 20, 4, 8);          // [T, B, I]
        var (output, hN, cN) = lstm.Forward(x, lengths: [20, 7, 13, 1]);    // [T, B, 2*32], [2*2, B, 32], [2*2, B, 32]
        (output.Sum() + hN.Sum()).Backward();                               // gradients in every parameter's .Grad
        output0.WriteLine(lstm.StateDict()["weight_hh_l1_reverse"].Grad);   // PyTorch's names and shapes
        // --- end of snippet ---
        Assert.Equal(new[] { 20, 4, 64 }, output.ShapeArray);
        Assert.Equal(new[] { 4, 4, 32 }, hN.ShapeArray);
        Assert.Equal(new[] { 4, 4, 32 }, cN.ShapeArray);
        Assert.Contains("shape=[128, 32]", output0.ToString());

        var readme = File.ReadAllText(Path.Combine(TestUtil.RepoRoot, "README.md"));
        var source = File.ReadAllText(Path.Combine(TestUtil.RepoRoot, "tests", "Recur.Tests", "ReadmeTests.cs"));
        int from = source.IndexOf("// --- snippet", StringComparison.Ordinal), to = source.IndexOf("// --- end of snippet", StringComparison.Ordinal);
        foreach (var line in source[from..to].Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0))
            Assert.Contains(line.Replace("output0.WriteLine(", "Console.WriteLine("), readme);
    }

    [Fact]
    public void Keras_style_snippet_runs_and_matches_the_readme()
    {
        // --- keras snippet (kept identical to README.md) ---
        var x = Tensor.Uniform(new Generator(3), 0, 1, 256, 6, 1);          // [N, T, 1]: 256 sequences of 6 values
        var y = x.Sum(1);                                                    // [256, 1]: the sum of each sequence
        var g = new Generator(1);
        var model = new Sequential(new Gru(1, 32, batchFirst: true, generator: g), new LastTimeStep(), new Linear(32, 1, generator: g));
        model.Compile(new MseLoss(), new Adam(model.Parameters(), lr: 0.02f), "mae");
        var history = model.Fit(x, y, epochs: 40, batchSize: 32, validationSplit: 0.2, generator: g,
            callbacks: [new EarlyStopping("val_loss", patience: 3)]);
        var prediction = model.Predict(x);                                   // [256, 1]
        // --- end of keras snippet ---
        Assert.True(history["val_mae"][^1] < 0.25, $"val_mae {history["val_mae"][^1]}");
        Assert.Equal(new[] { 256, 1 }, prediction.ShapeArray);
        AssertInReadme("// --- keras snippet", "// --- end of keras snippet");

        // The README prints this model and its summary; the block there is exactly what they give.
        var readme = File.ReadAllText(Path.Combine(TestUtil.RepoRoot, "README.md")).Replace("\r\n", "\n");
        Assert.Contains("```\n" + model + "\n" + model.Summary(32, 6, 1) + "\n```", readme);
    }

    private static void AssertInReadme(string fromMarker, string toMarker)
    {
        var readme = File.ReadAllText(Path.Combine(TestUtil.RepoRoot, "README.md"));
        var source = File.ReadAllText(Path.Combine(TestUtil.RepoRoot, "tests", "Recur.Tests", "ReadmeTests.cs"));
        int from = source.IndexOf(fromMarker, StringComparison.Ordinal), to = source.IndexOf(toMarker, StringComparison.Ordinal);
        foreach (var line in source[from..to].Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0))
            Assert.Contains(line, readme);
    }
}
