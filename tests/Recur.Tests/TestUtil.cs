// TestUtil: shared assertions that report the max difference and the first differing entries.
using System.Globalization;
using System.Text;
using Recur.Autograd;
using Recur.Tensors;

namespace Recur.Tests;

internal static class TestUtil
{
    /// <summary>Random class indices in [0, vocab) stored as floats, of the given shape (inputs of embeddings, targets of cross-entropy).</summary>
    public static Tensor Tokens(Generator g, int vocab, params int[] shape)
    {
        var t = Tensor.Zeros(shape);
        var d = t.Data;
        for (int i = 0; i < d.Length; i++) d[i] = g.NextInt(vocab);
        return t;
    }

    /// <summary>
    /// Runs <paramref name="action"/> until 20 runs in a row allocate nothing on this thread (at most
    /// <paramref name="maxRuns"/>): the first calls of a method with loops may be recompiled on this thread
    /// (tiering through on-stack replacement), which allocates. Allocation tests measure after this.
    /// </summary>
    public static void WarmUntilNoAllocation(Action action, int maxRuns = 2000)
    {
        for (int i = 0, quiet = 0; i < maxRuns && quiet < 20; i++)
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            action();
            quiet = GC.GetAllocatedBytesForCurrentThread() == start ? quiet + 1 : 0;
        }
    }

    /// <summary>
    /// Asserts that <paramref name="calls"/> calls of <paramref name="action"/> allocate nothing on this thread.
    /// Measures up to three consecutive windows and passes on the first clean one: a real per-call allocation
    /// dirties every window, while a one-off the runtime bills to this thread (a tiering transition landing
    /// mid-window under a loaded parallel suite) dirties at most one. The failure lists every window's bytes.
    /// </summary>
    public static void AssertNoSteadyAllocation(Action action, int calls, string what)
    {
        var windows = new List<long>();
        for (int w = 0; w < 3; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++) action();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated == 0) return;
            windows.Add(allocated);
        }
        Assert.Fail($"{what}: every window of {calls} calls allocated: {string.Join(", ", windows)} bytes");
    }

    /// <summary>Asserts |actual - expected| <= atol + rtol * |expected| everywhere; the failure lists the max difference and first mismatches.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double atol = 1e-5, double rtol = 1e-5, string what = "values")
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} elements, got {actual.Length}");
        double max = 0;
        var sb = new StringBuilder();
        int bad = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs((double)expected[i] - actual[i]);
            if (double.IsNaN(diff)) diff = double.PositiveInfinity;
            max = Math.Max(max, diff);
            if (diff > atol + rtol * Math.Abs(expected[i]) && bad++ < 5)
                sb.AppendLine(CultureInfo.InvariantCulture, $"  [{i}] expected {expected[i]:G9}, actual {actual[i]:G9}, diff {diff:G3}");
        }
        Assert.True(bad == 0, $"{what}: {bad} of {expected.Length} entries differ; max diff {max:G3}{Environment.NewLine}{sb}");
    }

    public static void AssertGradCheck(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        var result = GradCheck.Check(f, inputs);
        Assert.True(result.Passed, result.Report);
    }

    public static Tensor Rand(Generator g, params int[] shape) => Tensor.Uniform(g, -1f, 1f, shape).RequireGrad();

    /// <summary>The repository root (the folder holding Recur.slnx), found by walking up from the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recur.slnx")))
                return dir.FullName;
        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} contains Recur.slnx.");
    }
}
