using System.Text.Json;
using Recur.IO;
using Recur.Layers;
using Recur.Tests.IO;
using Xunit;

namespace Recur.Tests.Cli.Commands;

public class InfoCommandTests
{
    [Fact]
    public void Info_prints_the_network_and_json_on_request()
    {
        using var dir = new ScratchDir();
        string path = dir.File("gru.safetensors");
        ModelFile.Save(path, new Gru(4, 6, bidirectional: true));
        var (code, stdout, stderr) = CliProcess.InProcess("info", "--model", path);
        Assert.True(code == 0, stderr);
        Assert.Contains("kind: a Recur recurrent layer", stdout);
        Assert.Contains("GRU(4, 6, bidirectional=True)", stdout);
        Assert.Contains("weight_ih_l0_reverse", stdout);

        (code, stdout, stderr) = CliProcess.InProcess("info", "--model", path, "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout.Trim());
        Assert.Equal("layer", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(2 * (3 * 6 * 4 + 3 * 6 * 6 + 2 * 3 * 6), json.RootElement.GetProperty("values").GetInt64());
    }

    [Fact]
    public void A_file_that_is_not_safetensors_is_one_error_line()
    {
        using var dir = new ScratchDir();
        string path = dir.File("notes.txt");
        File.WriteAllText(path, "hello");
        var (code, stdout, stderr) = CliProcess.InProcess("info", "--model", path);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
        (code, _, stderr) = CliProcess.InProcess("info", "--model", dir.File("missing.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("missing.safetensors", stderr);
    }
}
