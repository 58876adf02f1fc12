using System.Text.Json;

namespace Recur.Tests.Cli.Commands;

public class TrainCommandTests
{
    [Fact]
    public void Train_adding_writes_model_and_checkpoint_and_ends_with_json()
    {
        string dir = Directory.CreateTempSubdirectory("recur-train-").FullName;
        try
        {
            string model = Path.Combine(dir, "adding.safetensors");
            var (code, stdout, stderr) = CliProcess.InProcess("train", "adding", "--length", "8", "--hidden", "8", "--epochs", "1",
                "--threads", "1", "--out", model, "--json");
            Assert.True(code == 0, stderr);
            Assert.True(File.Exists(model));
            Assert.True(File.Exists(Path.Combine(dir, "adding.checkpoint.safetensors")));
            using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            Assert.Equal(8, doc.RootElement.GetProperty("length").GetInt32());
            Assert.Equal(0.1667, doc.RootElement.GetProperty("baseline_mse").GetDouble());

            (code, _, stderr) = CliProcess.InProcess("train", "adding", "--length", "8", "--hidden", "8", "--epochs", "2", "--threads", "1",
                "--out", model, "--resume");
            Assert.True(code == 0, stderr);

            // A resumed run with other settings is refused, naming each (it used to go on silently with the checkpoint's).
            (code, _, stderr) = CliProcess.InProcess("train", "adding", "--length", "9", "--hidden", "8", "--lr", "0.01", "--epochs", "3",
                "--threads", "1", "--out", model, "--resume");
            Assert.Equal(2, code);
            Assert.Contains("was made with --length 8 (this run: 9), --lr 0.005 (this run: 0.01)", stderr);
            Assert.Contains("start afresh without --resume", stderr);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Train_copy_writes_its_model_and_no_command_mistakes_it_for_a_layer_or_an_application()
    {
        using var dir = new Recur.Tests.IO.ScratchDir();
        string model = dir.File("copy.safetensors");
        var (code, stdout, stderr) = CliProcess.InProcess("train", "copy", "--length", "5", "--hidden", "8", "--batch", "8", "--epochs", "1",
            "--threads", "1", "--out", model);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(model), "train copy ignored --out");
        Assert.Contains($"model written to {model}", stdout);
        (code, _, stderr) = CliProcess.InProcess("eval", "--model", model, "--data", model);
        Assert.Equal(2, code);
        Assert.Contains("a 'copy' model from `recur train copy`, which no command reads", stderr);
        (code, _, stderr) = CliProcess.InProcess("run", "--model", model, "--input", model, "--output", dir.File("y.npy"));
        Assert.Equal(2, code);
        Assert.Contains("holds a Recur 'copy' model (from `recur train copy`), not a recurrent layer", stderr);
    }

    [Fact]
    public void Bad_options_fail_before_training()
    {
        var (code, _, stderr) = CliProcess.InProcess("train", "adding", "--resume");
        Assert.Equal(2, code);
        Assert.Contains("--resume needs", stderr);
        (code, _, stderr) = CliProcess.InProcess("train", "adding", "--batch", "0");
        Assert.Equal(2, code);
        Assert.Contains("--batch", stderr);
        (code, _, stderr) = CliProcess.InProcess("train", "copy", "--bogus");
        Assert.NotEqual(0, code);
        Assert.Contains("--bogus", stderr);
    }
}
