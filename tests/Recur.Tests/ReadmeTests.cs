using Recur.Layers;
using Recur.Tensors;

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
}
