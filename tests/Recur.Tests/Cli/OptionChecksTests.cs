// OptionChecks and CliRunner.UserMessage: out-of-range values of the shared options are parse errors that
// name the option and the range, in every command that has them, before anything is read or trained;
// an output path in a missing folder (or that is a folder) is refused before a training run, not after it.
using Recur.Cli;

namespace Recur.Tests.Cli;

public class OptionChecksTests
{
    private static readonly string[][] CommandsWithThreads =
    [
        ["demo"], ["train", "adding"], ["train", "copy"], ["train", "charlm"], ["train", "classify"], ["train", "forecast"],
        ["train", "translate"], ["train", "tag"], ["train", "speech"], ["forecast"], ["generate"],
    ];

    public static TheoryData<string[]> ThreadCommands => [.. CommandsWithThreads];

    private static void AssertParseError(string expected, params string[] args)
    {
        var (code, output, err) = CliProcess.InProcess(args);
        Assert.Equal(CliRunner.UserError, code);
        Assert.Contains($"error: {expected}", err);
        Assert.Contains("--help' for usage.", err);
        Assert.DoesNotContain("epoch", output); // nothing ran
    }

    [Theory]
    [InlineData("--minutes"), InlineData("--lr"), InlineData("--clip"), InlineData("--threads")]
    public void A_value_that_is_not_a_number_is_a_parse_error_not_a_crash(string option)
    {
        // The range checks used to read the value without asking whether it parsed, and threw.
        foreach (var command in new[] { new[] { "train", "adding" }, ["train", "charlm"], ["demo"] })
        {
            if (option is "--lr" or "--clip" && command[0] == "demo") continue;
            AssertParseError($"Cannot parse argument 'abc' for option '{option}'", [.. command, option, "abc"]);
        }
        AssertParseError("Cannot parse argument 'x' for option '--seconds' as a number.", "bench", "fma", "--seconds", "x");
        AssertParseError("Cannot parse argument 'two' for option '--epochs' as a whole number.", "train", "adding", "--epochs", "two");
        Assert.Equal("Cannot parse argument 'x' for option '--a' as a number.",
            CliRunner.Friendly("Cannot parse argument 'x' for option '--a' as expected type 'System.Nullable`1[System.Double]'."));
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_is_refused_before_training()
    {
        // /proc exists but takes no new files: found by a probe file up front, not at the save after training.
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc")) return;
        AssertParseError("--out: cannot write in the directory '/proc'", "train", "adding", "--epochs", "1", "--out", "/proc/adding.safetensors");
    }

    [Fact]
    public void An_output_over_an_input_is_refused_and_a_train_without_out_says_it_keeps_nothing()
    {
        string dir = Directory.CreateTempSubdirectory("recur-same-").FullName;
        try
        {
            string data = Path.Combine(dir, "series.csv");
            File.Copy(Path.Combine(TestUtil.RepoRoot, "data", "airline-passengers", "airline-passengers.csv"), data);
            string before = File.ReadAllText(data);
            var (code, _, err) = CliProcess.InProcess("train", "forecast", "--data", data, "--epochs", "1", "--out", Path.Combine(dir, ".", "series.csv"));
            Assert.Equal(CliRunner.UserError, code);
            Assert.Contains("--out names the file --data reads", err);
            Assert.Equal(before, File.ReadAllText(data));
            (code, _, err) = CliProcess.InProcess("train", "forecast", "--data", data, "--epochs", "1", "--threads", "1");
            Assert.True(code == 0, err);
            Assert.Contains("note: no --out given; the trained model will not be saved.", err);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [MemberData(nameof(ThreadCommands))]
    public void Threads_below_one_are_refused_by_every_command(string[] command) =>
        AssertParseError("--threads must be at least 1, got 0.", [.. command, "--threads", "0"]);

    [Theory]
    [InlineData("1e300"), InlineData("NaN"), InlineData("-1"), InlineData("0"), InlineData("Infinity")]
    public void Minutes_must_be_a_positive_finite_budget(string minutes)
    {
        foreach (var command in new[] { new[] { "demo" }, ["train", "adding"], ["train", "charlm"], ["train", "tag"], ["train", "speech"], ["train", "translate"] })
            AssertParseError("--minutes must be a positive number of minutes", [.. command, "--minutes", minutes]);
    }

    [Theory]
    [InlineData("--lr", "NaN"), InlineData("--lr", "-0.1"), InlineData("--clip", "NaN"), InlineData("--clip", "-1")]
    public void Learning_rate_and_clip_must_be_positive(string option, string value) =>
        AssertParseError($"{option} must be a positive number, got {value}.", "train", "adding", option, value);

    [Fact]
    public void An_output_in_a_missing_folder_or_that_is_a_folder_is_refused_before_training()
    {
        using var dir = new Recur.Tests.IO.ScratchDir();
        string missing = Path.Combine(dir.Path, "no", "such", "m.safetensors");
        foreach (var command in new[] { new[] { "train", "tag" }, ["train", "speech"], ["train", "forecast"], ["train", "adding"], ["train", "classify"] })
        {
            AssertParseError($"--out: the directory '{Path.GetDirectoryName(missing)}' does not exist; create it first.", [.. command, "--out", missing]);
            AssertParseError($"--out: '{dir.Path}' is a directory; give a file name inside it.", [.. command, "--out", dir.Path]);
        }
        // A checkpoint is first written after an epoch: a bad path is refused before any training, not then.
        foreach (var command in new[] { new[] { "train", "charlm", "--data", "x.txt" }, ["train", "adding"], ["train", "copy"] })
        {
            AssertParseError($"--checkpoint: the directory '{Path.GetDirectoryName(missing)}' does not exist; create it first.", [.. command, "--checkpoint", missing]);
            AssertParseError($"--checkpoint: '{dir.Path}' is a directory; give a file name inside it.", [.. command, "--checkpoint", dir.Path]);
        }
        // `recur run` writes several files: a bad --hn is refused before --output is written.
        string output = dir.File("o.npy");
        AssertParseError("--hn: the directory", "run", "--model", "m", "--input", "x.npy", "--output", output, "--hn", missing);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Bench_thread_counts_must_all_be_positive()
    {
        foreach (var command in new[] { "fma", "gemm", "rnn" })
            AssertParseError("--threads must all be at least 1, got 1 0.", "bench", command, "--threads", "1", "0");
    }

    [Fact]
    public void Bench_seconds_must_be_positive()
    {
        foreach (var command in new[] { "fma", "gemm", "rnn" })
            AssertParseError("--seconds must be a positive number of seconds", "bench", command, "--seconds", "NaN");
    }

    [Fact]
    public void Argument_errors_read_as_sentences_without_net_parameter_names()
    {
        Assert.Equal("testFraction leaves no test samples.",
            CliRunner.UserMessage(new ArgumentException("testFraction leaves no test samples.", "testFraction")));
        Assert.Equal("MaxThreads must be at least 1. (got 0)",
            CliRunner.UserMessage(new ArgumentOutOfRangeException("value", 0, "MaxThreads must be at least 1.")));
        Assert.Equal("plain", CliRunner.UserMessage(new InvalidDataException("plain")));
    }

    [Fact]
    public void A_user_error_inside_a_parallel_loop_is_unwrapped_not_a_stack_trace()
    {
        // Parallel.For (features of many clips) wraps its iterations' exceptions in an AggregateException.
        var aggregate = Assert.Throws<AggregateException>(() => Parallel.For(0, 4, i =>
        {
            if (i == 2) throw new InvalidDataException("clip 2.wav is damaged.");
        }));
        var inner = CliRunner.Unwrap(aggregate);
        Assert.IsType<InvalidDataException>(inner);
        Assert.True(CliRunner.IsUserError(inner));
        Assert.Equal("clip 2.wav is damaged.", CliRunner.UserMessage(inner));
        // A bug stays a bug: an aggregate of non-user errors is not unwrapped.
        var bug = new AggregateException(new NullReferenceException());
        Assert.Same(bug, CliRunner.Unwrap(bug));
        Assert.False(CliRunner.IsUserError(CliRunner.Unwrap(bug)));
    }
}
