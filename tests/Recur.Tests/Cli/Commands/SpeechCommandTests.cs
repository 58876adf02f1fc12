// `recur train speech`, `recur transcribe` and `recur eval` on a speech model, end to end on the FSDD
// sample, and the user errors that must exit with code 2 and a message naming the problem.
using System.Text.Json;
using Recur.Tests.Applications.Speech;

namespace Recur.Tests.Cli.Commands;

public class SpeechCommandTests
{
    [Fact]
    public void Train_transcribe_and_eval()
    {
        string dir = Directory.CreateTempSubdirectory("recur-speech-cli-").FullName;
        try
        {
            string model = Path.Combine(dir, "digits.safetensors");
            var (code, stdout, stderr) = CliProcess.InProcess("train", "speech", "--data", SpeechTests.Sample, "--epochs", "20",
                "--channels", "16", "--hidden", "16", "--batch", "10", "--lr", "0.005", "--dropout", "0", "--seed", "2",
                "--threads", "1", "--out", model, "--json");
            Assert.True(code == 0, stderr);
            using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            Assert.Equal("classify", doc.RootElement.GetProperty("mode").GetString());
            double accuracy = doc.RootElement.GetProperty("accuracy").GetDouble();
            Assert.True(accuracy > 0.5, $"accuracy {accuracy}");

            var file = Path.Combine(SpeechTests.Sample, "2_theo_7.wav");
            (code, stdout, stderr) = CliProcess.InProcess("transcribe", "--model", model, file);
            Assert.True(code == 0, stderr);
            var fields = stdout.Trim().Split('\t');
            Assert.Equal(file, fields[0]);
            Assert.Contains(fields[1], new[] { "0", "1", "2" });

            (code, stdout, stderr) = CliProcess.InProcess("eval", "--model", model, "--data", SpeechTests.Sample, "--json");
            Assert.True(code == 0, stderr);
            using var eval = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            Assert.Equal(60, eval.RootElement.GetProperty("test_items").GetInt32());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void User_errors_exit_2_with_a_clear_message()
    {
        string dir = Directory.CreateTempSubdirectory("recur-speech-cli-").FullName;
        try
        {
            var (code, _, stderr) = CliProcess.InProcess("train", "speech", "--data", dir);
            Assert.Equal(2, code);
            Assert.Contains("no usable recordings", stderr);
            (code, _, stderr) = CliProcess.InProcess("train", "speech", "--data", SpeechTests.Sample, "--mode", "bogus");
            Assert.Equal(2, code);
            Assert.Contains("--mode", stderr);
            string bad = Path.Combine(dir, "3_x_1.wav");
            File.WriteAllText(bad, "RIFF....not a wave");
            (code, _, stderr) = CliProcess.InProcess("transcribe", "--model", Path.Combine(dir, "missing.safetensors"), bad);
            Assert.Equal(2, code);
            Assert.Contains("missing.safetensors", stderr);
            string outPath = Path.Combine(dir, "m.safetensors");
            (code, _, stderr) = CliProcess.InProcess("train", "speech", "--data", dir, "--out", outPath);
            Assert.Equal(2, code);
            Assert.Contains("3_x_1.wav", stderr);
            Assert.False(File.Exists(outPath));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
