using System.Text.Json;
using Recur.Kernels;

namespace Recur.Tests.Cli.Commands;

public class BenchCommandTests
{
    [Fact]
    public void Gemm_json_prints_one_object_per_thread_count()
    {
        var (code, stdout, stderr) = CliProcess.InProcess("bench", "gemm", "--m", "33", "--n", "17", "--k", "9",
            "--threads", "1", "2", "--json", "--seconds", "0.01");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        for (int i = 0; i < 2; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            var o = doc.RootElement;
            Assert.Equal("gemm", o.GetProperty("op").GetString());
            Assert.Equal(33, o.GetProperty("m").GetInt32());
            Assert.Equal(17, o.GetProperty("n").GetInt32());
            Assert.Equal(9, o.GetProperty("k").GetInt32());
            Assert.Equal(i + 1, o.GetProperty("threads").GetInt32());
            double median = o.GetProperty("median_ms").GetDouble(), min = o.GetProperty("min_ms").GetDouble();
            Assert.True(min > 0 && min <= median, lines[i]);
            double gflops = o.GetProperty("gflops").GetDouble();
            Assert.InRange(gflops, 0.99 * 2 * 33 * 17 * 9 / (median * 1e6), 1.01 * 2 * 33 * 17 * 9 / (median * 1e6));
        }
    }

    [Fact]
    public void Bad_sizes_and_unknown_options_are_clear_errors_without_stack_traces()
    {
        var (code, _, stderr) = CliProcess.InProcess("bench", "gemm", "--m", "0", "--n", "4", "--k", "4");
        Assert.Equal(2, code);
        Assert.Contains("--m", stderr);
        Assert.DoesNotContain("   at ", stderr);

        (code, _, stderr) = CliProcess.InProcess("bench", "gemm", "--m", "4", "--n", "4", "--k", "4", "--bogus");
        Assert.NotEqual(0, code);
        Assert.Contains("--bogus", stderr);
    }

    [Fact]
    public void Forcing_a_path_the_cpu_lacks_throws()
    {
        // DOTNET_EnableAVX2=0 makes the runtime report no AVX2, as on an older CPU.
        var env = new Dictionary<string, string> { ["DOTNET_EnableAVX2"] = "0", [GemmPaths.EnvironmentVariable] = "avx2" };
        var (code, _, stderr) = CliProcess.Child(env, "bench", "gemm", "--m", "8", "--n", "8", "--k", "8", "--seconds", "0.01");
        Assert.NotEqual(0, code);
        Assert.Contains("Avx2Fma", stderr);
        Assert.Contains(GemmPaths.EnvironmentVariable, stderr);
    }

    [Fact]
    public void Forced_vector128_path_runs_without_avx2()
    {
        var env = new Dictionary<string, string> { ["DOTNET_EnableAVX2"] = "0", [GemmPaths.EnvironmentVariable] = "vector128" };
        var (code, stdout, stderr) = CliProcess.Child(env, "bench", "gemm", "--m", "8", "--n", "8", "--k", "8", "--seconds", "0.01", "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"path\":\"Vector128\"", stdout);
    }
}
