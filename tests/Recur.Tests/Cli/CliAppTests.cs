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
    public void An_unknown_command_is_a_user_error_that_names_it()
    {
        var (code, output, error) = CliProcess.InProcess("frobnicate");
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains("frobnicate", error);
        Assert.Contains("Run 'recur --help' for usage.", error);
        Assert.Equal("", output);
    }

    [Fact]
    public void Parse_errors_are_error_lines_naming_the_subcommand_s_help()
    {
        var (code, output, error) = CliProcess.InProcess("bench", "rnn", "--cell", "lstm", "--mode", "infer", "--bogus");
        Assert.Equal(2, code);
        var lines = error.Replace("\r\n", "\n").TrimEnd().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("error: ") && l.Contains("--bogus"));
        Assert.Contains(lines, l => l.StartsWith("error: ") && l.Contains("--batch"));  // a required option left out
        Assert.Equal("Run 'recur bench rnn --help' for usage.", lines[^1]);
        Assert.All(lines[..^1], l => Assert.StartsWith("error: ", l));
        Assert.DoesNotContain("   at ", error);
        Assert.Equal("", output);
    }

    [Fact]
    public void No_command_prints_the_overview_and_is_a_user_error()
    {
        var (code, output, _) = CliProcess.InProcess();
        Assert.Equal(2, code);
        Assert.Contains("recur [command] [options]", output);
        Assert.Contains("demo", output);
    }
}
