using Recur.Tests.Cli;

namespace Recur.Tests.Applications.Translation;

public class TranslateCliTests
{
    [Fact]
    public void Bad_input_exits_with_code_2_and_a_clear_message()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"recur-tr-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string bad = Path.Combine(dir, "bad.tsv");
            File.WriteAllText(bad, "I'm cold.\tJ'ai froid.\nI am tired\n");
            string model = Path.Combine(dir, "m.safetensors");
            var (code, _, err) = CliProcess.InProcess("train", "translate", "--data", bad, "--out", model);
            Assert.Equal(2, code);
            Assert.Contains("line 2 has 1 tab-separated column", err);
            Assert.False(File.Exists(model));
            (code, _, err) = CliProcess.InProcess("translate", "--model", Path.Combine(dir, "missing.safetensors"), "--text", "hi");
            Assert.Equal(2, code);
            Assert.Contains("does not exist", err);
            (code, _, err) = CliProcess.InProcess("translate", "--model", model);
            Assert.Equal(2, code);
            Assert.Contains("--text", err);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Train_translate_and_eval_work_end_to_end()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"recur-tr-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string data = Path.Combine(dir, "pairs.tsv");
            File.WriteAllLines(data, File.ReadLines(Path.Combine(TestUtil.RepoRoot, "data", "eng-fra", "eng-fra-short.tsv")).Take(80));
            string model = Path.Combine(dir, "m.safetensors");
            var (code, output, err) = CliProcess.InProcess("train", "translate", "--data", data, "--epochs", "2", "--hidden", "16", "--embed", "16",
                "--beam", "2", "--out", model, "--json", "--threads", "1");
            Assert.True(code == 0, err);
            Assert.Contains("\"exact_match\":", output);
            string input = Path.Combine(dir, "in.txt");
            File.WriteAllLines(input, ["I'm cold.", "", "He is tall."]);
            (code, output, err) = CliProcess.InProcess("translate", "--model", model, "--input", input, "--beam", "2");
            Assert.True(code == 0, err);
            Assert.Equal(3, output.TrimEnd('\n').Split('\n').Length);
            (code, output, err) = CliProcess.InProcess("translate", "--model", model, "--text", "I'm cold.", "--show-attention");
            Assert.True(code == 0, err);
            Assert.Contains("source: 0=i'm", output);
            (code, output, err) = CliProcess.InProcess("eval", "--model", model, "--data", data, "--json");
            Assert.True(code == 0, err);
            Assert.Contains("\"bleu\":", output);
            // eval scores with the beam the model was trained and reported with, not a fixed width.
            Assert.Contains("beam 2 (length norm 1): BLEU-4", output);
            Assert.Contains("\"beam\":2,\"length_norm\":1,", output);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Eval_reads_the_columns_the_model_was_trained_on()
    {
        // A French -> English model (source column 1) must be scored on French sources, not English ones.
        string dir = Directory.CreateTempSubdirectory("recur-tr-").FullName;
        try
        {
            string data = Path.Combine(dir, "pairs.tsv");
            File.WriteAllLines(data, File.ReadLines(Path.Combine(TestUtil.RepoRoot, "data", "eng-fra", "eng-fra-short.tsv")).Take(60));
            string model = Path.Combine(dir, "m.safetensors");
            var (code, _, err) = CliProcess.InProcess("train", "translate", "--data", data, "--source-column", "1", "--target-column", "0",
                "--prefixes", "none", "--epochs", "1", "--hidden", "8", "--embed", "8", "--beam", "1", "--out", model, "--threads", "1");
            Assert.True(code == 0, err);
            var config = Recur.Applications.Translation.Translator.Load(model).Config;
            Assert.Equal((1, 0), config.Columns);
            Assert.Equal(config.Columns, Recur.Applications.Translation.TranslationConfig.FromJson(config.ToJson()).Columns);
            (code, var output, err) = CliProcess.InProcess("eval", "--model", model, "--data", data);
            Assert.True(code == 0, err);
            Assert.Contains("(source column 1, target column 0, as trained)", output);
            // A file laid out otherwise is named against the model's columns, not options eval does not have.
            string narrow = Path.Combine(dir, "narrow.tsv");
            File.WriteAllLines(narrow, ["only one column"]);
            (code, _, err) = CliProcess.InProcess("eval", "--model", model, "--data", narrow);
            Assert.Equal(2, code);
            Assert.Contains("the columns the model was trained on (source 1, target 0) need 2", err);
            Assert.DoesNotContain("--source-column", err);
            var bad = Assert.Throws<ArgumentException>(() => new Recur.Applications.Translation.TranslationOptions { Columns = (1, 1) }.Validate());
            Assert.Contains("two different non-negative columns, got 1 and 1", bad.Message);
            // A configuration written before the columns were recorded reads as 0 -> 1.
            string old = config.ToJson().Replace(",\"source_column\":1,\"target_column\":0", "");
            Assert.DoesNotContain("source_column", old);
            Assert.Equal((0, 1), Recur.Applications.Translation.TranslationConfig.FromJson(old).Columns);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Beam_settings_are_checked_before_training_and_recorded_in_the_model()
    {
        string dir = Directory.CreateTempSubdirectory("recur-tr-").FullName;
        try
        {
            string data = Path.Combine(dir, "pairs.tsv");
            File.WriteAllLines(data, File.ReadLines(Path.Combine(TestUtil.RepoRoot, "data", "eng-fra", "eng-fra-short.tsv")).Take(40));
            string model = Path.Combine(dir, "m.safetensors");
            // A beam wider than the target vocabulary is refused before training, not after it (which lost the model).
            var (code, output, err) = CliProcess.InProcess("train", "translate", "--data", data, "--epochs", "1", "--hidden", "8", "--embed", "8",
                "--beam", "5000", "--out", model, "--threads", "1");
            Assert.Equal(2, code);
            Assert.Contains("--beam 5000 is wider than the target vocabulary", err);
            Assert.DoesNotContain("epoch", output);
            Assert.False(File.Exists(model));
            (code, _, err) = CliProcess.InProcess("train", "translate", "--data", data, "--length-norm", "Infinity", "--out", model);
            Assert.Equal(2, code);
            Assert.Contains("--length-norm must be a finite number >= 0, got", err);

            (code, _, err) = CliProcess.InProcess("train", "translate", "--data", data, "--epochs", "1", "--hidden", "8", "--embed", "8",
                "--beam", "3", "--length-norm", "0.5", "--out", model, "--threads", "1");
            Assert.True(code == 0, err);
            var config = Recur.Applications.Translation.Translator.Load(model).Config;
            Assert.Equal(3, config.Beam);
            Assert.Equal(0.5, config.LengthNormalization);
            (code, output, err) = CliProcess.InProcess("eval", "--model", model, "--data", data);
            Assert.True(code == 0, err);
            Assert.Contains("beam 3 (length norm 0.5): BLEU-4", output);
            // A configuration written before the beam settings were recorded reads as beam 5, length norm 1.
            string old = config.ToJson().Replace(",\"beam\":3,\"length_norm\":0.5", "");
            Assert.DoesNotContain("\"beam\"", old);
            var read = Recur.Applications.Translation.TranslationConfig.FromJson(old);
            Assert.Equal((5, 1.0), (read.Beam, read.LengthNormalization));
            var bad = Assert.Throws<InvalidDataException>(() => Recur.Applications.Translation.TranslationConfig.FromJson(config.ToJson().Replace("\"beam\":3", "\"beam\":0")));
            Assert.Contains("beam 0 must be at least 1", bad.Message);

            // Width 1 is greedy search: training and eval report the same recorded length norm, and eval one line.
            (code, output, err) = CliProcess.InProcess("train", "translate", "--data", data, "--epochs", "1", "--hidden", "8", "--embed", "8",
                "--beam", "1", "--length-norm", "0.6", "--out", model, "--threads", "1", "--json");
            Assert.True(code == 0, err);
            Assert.Contains("\"beam\":1,\"length_norm\":0.6,", output);
            (code, output, err) = CliProcess.InProcess("eval", "--model", model, "--data", data, "--json");
            Assert.True(code == 0, err);
            Assert.Contains("\"beam\":1,\"length_norm\":0.6,", output);
            Assert.Single(output.Split('\n'), line => line.StartsWith("beam 1", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
