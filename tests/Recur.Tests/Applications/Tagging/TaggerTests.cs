// Tagger: word splitting, a tiny end-to-end training on the committed EWT sample that must beat the
// always-the-most-frequent-tag baseline, save -> load -> the same tags and figures, and the CLI
// (train --json, tag, eval, exit code 2 on user errors without a model file written).
using System.Text.Json;
using Recur.Applications.Tagging;
using Recur.Tests.Cli;

namespace Recur.Tests.Applications.Tagging;

public class TaggerTests
{
    private static readonly string Sample = Path.Combine(TestUtil.RepoRoot, "data", "ud-english-ewt-sample");
    private static readonly string Train = Path.Combine(Sample, "train.conllu");
    private static readonly string Dev = Path.Combine(Sample, "dev.conllu");

    private static TaggerOptions Small(string? output = null) => new()
    {
        Data = Train, Dev = Dev, WordDim = 32, CharDim = 16, CharHidden = 24, Hidden = 48, Epochs = 6, Batch = 16,
        LearningRate = 5e-3f, Dropout = 0.2f, Seed = 3, Out = output,
    };

    [Theory]
    [InlineData(null, null, 20)]
    [InlineData(null, 8.0, TaggerOptions.MaxEpochs)] // --minutes alone: the budget ends the run, not 20 epochs
    [InlineData(5, 8.0, 5)]
    [InlineData(7, null, 7)]
    public void Minutes_alone_lift_the_default_epoch_count(int? epochs, double? minutes, int expected)
    {
        Assert.Equal(expected, TaggerOptions.EpochsFor(epochs, minutes));
        Assert.Equal(new TaggerOptions { Data = "" }.Epochs, TaggerOptions.EpochsFor(null, null));
    }

    [Fact]
    public void Tokenize_splits_punctuation_and_clitics()
    {
        Assert.Equal(["I", "do", "n't", "like", "U.S.", "e-mail", ",", "it", "'s", "3,000", "$", "!"],
            Tagger.Tokenize("I don't like U.S. e-mail, it's 3,000 $!"));
        Assert.Equal(["End", "."], Tagger.Tokenize("End."));
        // A final period stays on an abbreviation with inner periods and on an initial before a capitalised
        // word (as EWT writes them), not on a lone capital that ends the sentence.
        Assert.Equal(["It", "was", "Plan", "B", "."], Tagger.Tokenize("It was Plan B."));
        Assert.Equal(["Kenneth", "L.", "Lay", "said", "NASA", "."], Tagger.Tokenize("Kenneth L. Lay said NASA."));
        Assert.Equal(["in", "the", "U.K.", "."], Tagger.Tokenize("in the U.K.."));
        Assert.Empty(Tagger.Tokenize("  \t "));
        // Combining marks stay in their word (Indic vowel signs, accents written apart).
        Assert.Equal(["नमस्ते", "दुनिया", "."], Tagger.Tokenize("नमस्ते दुनिया."));
        Assert.Equal(["Cafe\u0301", "cre\u0300me", "."], Tagger.Tokenize("Cafe\u0301 cre\u0300me."));
    }

    [Fact]
    public void Training_beats_the_majority_tag_and_survives_save_and_load()
    {
        string path = Path.Combine(Path.GetTempPath(), $"recur-tag-{Guid.NewGuid():N}.safetensors");
        try
        {
            var (tagger, result) = Tagger.TrainTagger(Small(path));
            var dev = ConllU.Read(Dev);
            var tags = dev.SelectMany(s => s.Tags).ToList();
            double majority = tags.GroupBy(t => t).Max(g => g.Count()) / (double)tags.Count;
            Assert.Equal(tags.Count, result.Evaluation.Tokens);
            Assert.True(result.Accuracy > majority + 0.3, $"accuracy {result.Accuracy} vs always-one-tag {majority}");
            Assert.InRange(result.BaselineAccuracy, majority, 1);
            Assert.InRange(result.Evaluation.UnknownTokens, 1, tags.Count - 1);

            var loaded = Tagger.Load(path);
            var again = loaded.Evaluate(dev);
            Assert.Equal(result.Evaluation, again);
            var words = dev.Take(5).Select(s => s.Words).ToList();
            Assert.Equal(tagger.Tag(words), loaded.Tag(words));
            var tagged = loaded.Tag("The cat sat on the mat.");
            Assert.Equal(["The", "cat", "sat", "on", "the", "mat", "."], tagged.Select(t => t.Word).ToArray());
            Assert.Equal("PUNCT", tagged[^1].Tag);

            var json = JsonDocument.Parse(result.ToJson()).RootElement;
            Assert.Equal("tag", json.GetProperty("task").GetString());
            Assert.Equal(result.Accuracy, json.GetProperty("accuracy").GetDouble(), 5);
            Assert.Equal(result.BaselineAccuracy, json.GetProperty("baseline_accuracy").GetDouble(), 5);

            var (code, output, _) = CliProcess.InProcess("eval", "--model", path, "--data", Dev, "--json");
            Assert.Equal(0, code);
            var line = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
            Assert.Equal(again.Accuracy, line.GetProperty("accuracy").GetDouble(), 5);
            Assert.Equal(again.BaselineAccuracy, line.GetProperty("baseline_accuracy").GetDouble(), 5);

            (code, output, _) = CliProcess.InProcess("tag", "--model", path, "--text", "I saw it.");
            Assert.Equal(0, code);
            Assert.Equal(["I", "saw", "it", "."], output.Trim().Split('\n').Select(l => l.Split('\t')[0]).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_figures()
    {
        var o = Small() with { Epochs = 1, Hidden = 16, CharHidden = 8, WordDim = 16 };
        Assert.Equal(Tagger.Train(o).Evaluation, Tagger.Train(o).Evaluation);
    }

    [Fact]
    public void Cli_user_errors_exit_2_without_a_model()
    {
        string dir = Directory.CreateTempSubdirectory("recur-tag-").FullName;
        try
        {
            string bad = Path.Combine(dir, "bad.conllu");
            File.WriteAllText(bad, "# sent\n1\tHi\t_\tINTJ\t_\t_\t0\troot\t_\t_\n2\tthere\tADV\n\n");
            string model = Path.Combine(dir, "m.safetensors");
            var (code, _, err) = CliProcess.InProcess("train", "tag", "--data", bad, "--out", model, "--epochs", "1");
            Assert.Equal(2, code);
            Assert.Contains("bad.conllu:3", err);
            Assert.False(File.Exists(model));
            (code, _, err) = CliProcess.InProcess("train", "tag", "--data", Train, "--dropout", "1.5", "--out", model);
            Assert.Equal(2, code);
            Assert.Contains("--dropout", err);
            (code, _, err) = CliProcess.InProcess("tag", "--model", Path.Combine(dir, "missing.safetensors"), "--text", "Hi");
            Assert.Equal(2, code);
            Assert.Contains("does not exist", err);
            (code, _, err) = CliProcess.InProcess("eval", "--model", Path.Combine(dir, "missing.safetensors"), "--data", Dev);
            Assert.Equal(2, code);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
