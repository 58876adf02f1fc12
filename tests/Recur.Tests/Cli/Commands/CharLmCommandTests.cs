using System.Text.Json;
using Recur.Applications;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Cli.Commands;

public class CharLmCommandTests
{
    private static readonly string Shakespeare = Path.Combine(TestUtil.RepoRoot, "data", "tinyshakespeare", "input.txt");

    private static string[] SmallTrain(string data, string model) =>
        ["train", "charlm", "--data", data, "--hidden", "32", "--layers", "1", "--embed", "8", "--seq-len", "16", "--batch", "8",
         "--epochs", "1", "--lr", "0.01", "--threads", "1", "--out", model, "--json"];

    [Fact]
    public void Train_eval_and_generate_end_to_end()
    {
        string dir = Directory.CreateTempSubdirectory("recur-charlm-cli-").FullName;
        try
        {
            string data = Path.Combine(dir, "slice.txt"), model = Path.Combine(dir, "lm.safetensors");
            File.WriteAllText(data, File.ReadAllText(Shakespeare)[..12_000]);
            var (code, stdout, stderr) = CliProcess.InProcess(SmallTrain(data, model));
            Assert.True(code == 0, stderr);
            Assert.True(File.Exists(model));
            using var train = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            double valLoss = train.RootElement.GetProperty("val_loss").GetDouble();
            Assert.Equal("charlm", train.RootElement.GetProperty("task").GetString());
            // "tokens" is a count wherever it appears (eval's below); the unit has a key of its own.
            Assert.Equal("char", train.RootElement.GetProperty("token_unit").GetString());
            Assert.False(train.RootElement.TryGetProperty("tokens", out _));
            Assert.Equal(Math.Exp(valLoss), train.RootElement.GetProperty("perplexity").GetDouble(), 3);
            Assert.True(train.RootElement.GetProperty("tokens_per_s").GetDouble() > 0);
            Assert.True(train.RootElement.GetProperty("seconds").GetDouble() > 0);
            Assert.Contains("nats/char", stdout);

            // The held-out 10% evaluated from the saved model gives the training run's figure.
            string heldOut = Path.Combine(dir, "val.txt");
            File.WriteAllText(heldOut, File.ReadAllText(data)[10_800..]);
            (code, stdout, stderr) = CliProcess.InProcess("eval", "--model", model, "--data", heldOut, "--json");
            Assert.True(code == 0, stderr);
            using var eval = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            Assert.Equal(1_199, eval.RootElement.GetProperty("tokens").GetInt64());
            Assert.Equal(valLoss, eval.RootElement.GetProperty("val_loss").GetDouble(), 4);

            (code, stdout, stderr) = CliProcess.InProcess("generate", "--model", model, "--prime", "ROMEO:", "--length", "80", "--seed", "4");
            Assert.True(code == 0, stderr);
            Assert.StartsWith("ROMEO:", stdout);
            Assert.Equal(6 + 80 + 1, stdout.Length); // the prime, 80 characters, a final newline
            var again = CliProcess.InProcess("generate", "--model", model, "--prime", "ROMEO:", "--length", "80", "--seed", "4");
            Assert.Equal(stdout, again.Out);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Empty_or_non_utf8_text_fails_with_exit_2_and_no_model_file()
    {
        string dir = Directory.CreateTempSubdirectory("recur-charlm-cli-").FullName;
        try
        {
            string empty = Path.Combine(dir, "empty.txt"), latin1 = Path.Combine(dir, "latin1.txt"), model = Path.Combine(dir, "lm.safetensors");
            File.WriteAllBytes(empty, []);
            File.WriteAllBytes(latin1, [.. "Caf"u8, 0xE9, .. " au lait\n"u8]);
            var (code, stdout, stderr) = CliProcess.InProcess(SmallTrain(empty, model));
            Assert.Equal(2, code);
            Assert.Contains("empty", stderr);
            Assert.DoesNotContain("   at ", stderr);
            (code, _, stderr) = CliProcess.InProcess(SmallTrain(latin1, model));
            Assert.Equal(2, code);
            Assert.Contains("not valid UTF-8", stderr);
            (code, _, stderr) = CliProcess.InProcess(SmallTrain(Path.Combine(dir, "missing.txt"), model));
            Assert.Equal(2, code);
            Assert.Contains("missing.txt", stderr);
            Assert.False(File.Exists(model));
            Assert.DoesNotContain(Directory.GetFiles(dir), f => f.Contains("lm.", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_model_of_another_task_is_a_clear_error()
    {
        string dir = Directory.CreateTempSubdirectory("recur-charlm-cli-").FullName;
        try
        {
            string other = Path.Combine(dir, "classify.safetensors");
            TaskModelFile.Save(other, "classify", "{}", new Linear(2, 2, generator: new Generator(1)));
            var (code, stdout, stderr) = CliProcess.InProcess("generate", "--model", other, "--prime", "ROMEO:");
            Assert.Equal(2, code);
            Assert.Contains("'classify' model, not a 'charlm' model", stderr);
            Assert.Equal("", stdout);
            Assert.DoesNotContain("   at ", stderr);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Bad_options_fail_before_training()
    {
        var (code, _, stderr) = CliProcess.InProcess("train", "charlm", "--data", Shakespeare, "--cell", "transformer");
        Assert.Equal(2, code);
        Assert.Contains("--cell", stderr);
        (code, _, stderr) = CliProcess.InProcess("train", "charlm", "--data", Shakespeare, "--tokens", "bytes");
        Assert.Equal(2, code);
        Assert.Contains("--tokens", stderr);
        (code, _, stderr) = CliProcess.InProcess("train", "charlm", "--data", Shakespeare, "--out", "/nonexistent-dir/m.safetensors");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", stderr);
        (code, _, stderr) = CliProcess.InProcess("generate", "--model", "/nonexistent/m.safetensors");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", stderr);
    }
}
