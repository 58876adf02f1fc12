using Recur.Applications.Translation;
using SeqDecoding = Recur.Applications.Translation.Decoding;

namespace Recur.Tests.Applications.Translation;

public class TranslationTests
{
    private static string DataFile => Path.Combine(TestUtil.RepoRoot, "data", "eng-fra", "eng-fra-short.tsv");

    private static List<SentencePair> Slice(int count) => PairsFile.Read(DataFile).Take(count).ToList();

    private static readonly Lazy<(TranslationResult Result, Translator Model)> Tiny = new(() =>
    {
        var r = TranslationTrainer.Train(Slice(160), new TranslationOptions { Embed = 32, Hidden = 32, Epochs = 12, Batch = 16, HeldOutFraction = 0.15, Seed = 3 },
            null, null, default, out var t);
        return (r, t);
    });

    [Fact]
    public void Pairs_file_errors_name_the_line_and_the_fix()
    {
        var e = Assert.Throws<InvalidDataException>(() => PairsFile.Parse(["Hi.\tSalut.", "no tab here"], "p.tsv"));
        Assert.Contains("line 2 has 1 tab-separated column", e.Message);
        e = Assert.Throws<InvalidDataException>(() => PairsFile.Parse(["Hi.\tSalut."], "p.tsv", 0, 2));
        Assert.Contains("need 3", e.Message);
        e = Assert.Throws<InvalidDataException>(() => PairsFile.Parse(["Hi.\t "], "p.tsv"));
        Assert.Contains("empty target", e.Message);
        Assert.Throws<ArgumentException>(() => PairsFile.Parse(["a\tb"], "p.tsv", 1, 1));
        var pairs = PairsFile.Parse(["a\tb\tHe’s tall.", ""], "p.tsv", 2, 0);
        Assert.Equal(["he's", "tall", "."], pairs[0].SourceTokens);
        Assert.Equal(["a"], pairs[0].TargetTokens);
    }

    [Fact]
    public void Filter_keeps_short_pairs_with_an_english_prefix()
    {
        var f = PairFilter.Default;
        Assert.True(f.Keep(SentencePair.Create("I'm cold.", "J'ai froid.")));
        Assert.True(f.Keep(SentencePair.Create("You are tall.", "Tu es grand.")));
        Assert.False(f.Keep(SentencePair.Create("Go.", "Va !")));
        Assert.False(f.Keep(SentencePair.Create("I am a b c d e f g h i j.", "x")));
        Assert.True(new PairFilter(3, []).Keep(SentencePair.Create("Go now.", "Va !")));
    }

    [Fact]
    public void Held_out_split_has_no_source_sentence_on_both_sides()
    {
        var pairs = Slice(400);
        var (train, held) = TranslationSplit.Split(pairs, 0.2, 9);
        Assert.Equal(pairs.Count, train.Count + held.Count);
        var trainKeys = train.Select(p => p.SourceKey).ToHashSet();
        Assert.DoesNotContain(held, p => trainKeys.Contains(p.SourceKey));
        Assert.True(held.Count > 20);
        var again = TranslationSplit.Split(pairs, 0.2, 9);
        Assert.Equal(held.Select(p => p.Line), again.HeldOut.Select(p => p.Line));
    }

    [Fact]
    public void Beam_search_of_width_one_equals_greedy_search()
    {
        var t = Tiny.Value.Model;
        foreach (var g in Translator.Group(Slice(60)).Take(12))
        {
            var ids = t.Config.SourceVocabulary.Encode(g.Source);
            var greedy = SeqDecoding.Greedy(t.Model, ids, 12);
            var beam = SeqDecoding.Beam(t.Model, ids, 1, 12);
            Assert.Equal(greedy.Tokens, beam.Tokens);
            Assert.Equal(greedy.LogProbability, beam.LogProbability, 5);
        }
    }

    [Fact]
    public void Tiny_training_beats_the_constant_baseline_and_reloads_to_the_same_translations()
    {
        var (r, t) = Tiny.Value;
        // Baseline: answering every held-out sentence with the most common training target scores far lower.
        Assert.True(r.Greedy.Bleu.Precisions[0] > 0.35, r.Greedy.Describe());
        Assert.True(r.HeldOutLoss < Math.Log(r.TargetVocabulary) * 0.75, $"held-out loss {r.HeldOutLoss}");
        Assert.Contains("\"bleu\":", r.ToJson());
        string path = Path.Combine(Path.GetTempPath(), $"recur-translate-{Guid.NewGuid():N}.safetensors");
        try
        {
            t.Save(path);
            var loaded = Translator.Load(path);
            foreach (var text in new[] { "I'm tired.", "He is tall.", "We are happy." })
            {
                var a = t.Translate(text, 3);
                var b = loaded.Translate(text, 3);
                Assert.Equal(a.Tokens, b.Tokens);
                Assert.Equal(a.LogProbability, b.LogProbability, 5);
                Assert.Equal(a.Tokens.Length + (a.Attention.Length > a.Tokens.Length ? 1 : 0), a.Attention.Length);
                Assert.Contains("->", a.Heatmap());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Sentences_over_the_limit_are_an_error_or_truncated_with_a_warning()
    {
        var t = Tiny.Value.Model;
        string longText = "I am a very very very very very very very tired man.";
        var e = Assert.Throws<ArgumentException>(() => t.Translate(longText));
        Assert.Contains("more than this model's limit of 10", e.Message);
        Assert.Contains("--truncate", e.Message);
        var warnings = new List<string>();
        var output = t.Translate(longText, 1, truncate: true, warn: warnings.Add);
        Assert.Single(warnings);
        Assert.Equal(10, output.SourceTokens.Length);
    }
}
