using System.Text.Json;

namespace Recur.Tests.Cli.Commands;

public class DemoCommandTests
{
    [Fact]
    public void Demo_prints_samples_and_ends_with_json_figures()
    {
        var (code, stdout, stderr) = CliProcess.InProcess("demo", "--epochs", "1", "--length", "8", "--json", "--threads", "1");
        Assert.True(code == 0, stderr);
        Assert.Contains("predicted", stdout);
        var last = stdout.Trim().Split('\n')[^1];
        using var doc = JsonDocument.Parse(last);
        Assert.Equal(2560, doc.RootElement.GetProperty("test_sequences").GetInt32());
        Assert.Equal(100 * 64, doc.RootElement.GetProperty("train_sequences").GetInt64());
        Assert.Contains("epoch 1/1", stdout);
    }
}
