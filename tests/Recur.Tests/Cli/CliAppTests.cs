namespace Recur.Tests.Cli;

public class CliAppTests
{
    [Fact]
    public void Help_names_the_command_users_type()
    {
        var (code, output, _) = CliProcess.InProcess("--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage:\n  recur [command] [options]", output.Replace("\r\n", "\n"));
        foreach (var command in new[] { "demo", "train", "bench", "run", "generate", "translate" })
            Assert.Contains($"\n  {command} ", output.Replace("\r\n", "\n"));
    }

    [Fact]
    public void A_subcommand_s_help_shows_its_full_command_line()
    {
        var (code, output, _) = CliProcess.InProcess("bench", "rnn", "--help");
        Assert.Equal(0, code);
        Assert.Contains("recur bench rnn [options]", output);
        Assert.Contains("--cell", output);
    }

    [Fact]
    public void Version_prints_the_assembly_version()
    {
        var (code, output, _) = CliProcess.InProcess("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Fact]
    public void An_unknown_command_fails_and_names_it()
    {
        var (code, _, error) = CliProcess.InProcess("frobnicate");
        Assert.NotEqual(0, code);
        Assert.Contains("frobnicate", error);
    }
}
