using System.Text.Json;
using Recur.Applications;
using Recur.Layers;
using Recur.Tensors;
using Recur.Tests.Applications.Classification;
using Recur.Tests.IO;

namespace Recur.Tests.Cli.Commands;

public class ClassifyCommandTests
{
    private static string WriteData(ScratchDir dir, string name, int count, ulong seed)
    {
        var (texts, labels) = ClassifierTrainingTests.Synthetic(count, seed);
        string path = dir.File(name);
        File.WriteAllLines(path, texts.Select((t, i) => $"{labels[i]}\t{t}"));
        return path;
    }

    [Fact]
    public void Train_classify_eval_round_trip_with_json()
    {
        using var dir = new ScratchDir();
        string data = WriteData(dir, "train.txt", 300, 21), model = dir.File("m.safetensors");
        var (code, stdout, stderr) = CliProcess.InProcess("train", "classify", "--data", data, "--label-column", "0", "--text-column", "1",
            "--embed", "12", "--hidden", "12", "--batch", "16", "--epochs", "6", "--lr", "0.01", "--min-count", "2", "--seed", "5",
            "--threads", "1", "--out", model, "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("true \\ predicted", stdout);
        Assert.Contains("majority baseline (always 'praise')", stdout);
        using (var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]))
        {
            double accuracy = doc.RootElement.GetProperty("accuracy").GetDouble();
            Assert.True(accuracy > doc.RootElement.GetProperty("baseline_accuracy").GetDouble() + 0.15, stdout);
            Assert.True(doc.RootElement.GetProperty("macro_f1").GetDouble() > 0.8, stdout);
        }

        (code, stdout, stderr) = CliProcess.InProcess("classify", "--model", model, "--text", "w3 w4 broken w5", "--text", "w8 THANKS");
        Assert.True(code == 0, stderr);
        var lines = stdout.Trim().Split('\n');
        Assert.StartsWith("complaint\t", lines[0]);
        Assert.StartsWith("praise\t", lines[1]);
        Assert.Contains("complaint=", lines[0]);

        string unseen = WriteData(dir, "unseen.tsv", 120, 99);
        (code, stdout, stderr) = CliProcess.InProcess("eval", "--model", model, "--data", unseen, "--json");
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]))
        {
            Assert.Equal("classify", doc.RootElement.GetProperty("task").GetString());
            Assert.Equal(120, doc.RootElement.GetProperty("samples").GetInt32());
            Assert.True(doc.RootElement.GetProperty("accuracy").GetDouble() > 0.9, stdout);
        }
    }

    [Fact]
    public void User_errors_exit_2_with_one_line_and_leave_no_model()
    {
        using var dir = new ScratchDir();
        string model = dir.File("m.safetensors");
        string csv = dir.File("d.csv");
        File.WriteAllText(csv, "message,kind\nhello,a\nbye,b\n");
        var (code, stdout, stderr) = CliProcess.InProcess("train", "classify", "--data", csv, "--text-column", "text", "--label-column", "kind", "--out", model);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --text-column 'text'", stderr);
        Assert.Contains("0: 'message', 1: 'kind'", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(File.Exists(model));
        Assert.Equal("", stdout);

        File.WriteAllBytes(csv, [(byte)'t', (byte)',', (byte)'l', (byte)'\n', 0xFF, (byte)',', (byte)'a', (byte)'\n']);
        (code, _, stderr) = CliProcess.InProcess("train", "classify", "--data", csv, "--text-column", "t", "--label-column", "l", "--out", model);
        Assert.Equal(2, code);
        Assert.Contains("not valid UTF-8", stderr);
        Assert.False(File.Exists(model));

        TaskModelFile.Save(model, "charlm", "{}", new Linear(2, 2, generator: new Generator(1)));
        (code, _, stderr) = CliProcess.InProcess("classify", "--model", model, "--text", "hello");
        Assert.Equal(2, code);
        Assert.Contains("'charlm' model, not a 'classify' model", stderr);

        (code, _, stderr) = CliProcess.InProcess("classify", "--model", model, "--text", "  ");
        Assert.Equal(2, code);
        Assert.Contains("empty", stderr);

        string input = dir.File("in.txt");
        File.WriteAllBytes(input, [0xC3, 0x28]);
        (code, _, stderr) = CliProcess.InProcess("classify", "--model", model, "--input", input);
        Assert.Equal(2, code);
        Assert.Contains("not valid UTF-8", stderr);
    }
}
