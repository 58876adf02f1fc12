using Recur.Applications.Translation;

namespace Recur.Tests.Applications.Translation;

public class BleuTests
{
    private static string[] T(string s) => s.Split(' ');

    private static BleuScore Score(string hyp, params string[] refs)
        => Bleu.Corpus([T(hyp)], [refs.Select(r => (IReadOnlyList<string>)T(r)).ToList()]);

    [Fact]
    public void Papineni_clipped_unigram_precision_is_two_sevenths()
    {
        // Papineni et al. 2002: "the" x7 against "the cat is on the mat" / "there is a cat on the mat".
        var s = Score("the the the the the the the", "the cat is on the mat", "there is a cat on the mat");
        Assert.Equal(2.0 / 7, s.Precisions[0], 12);
        Assert.Equal(0, s.Score); // no bigram matches, so BLEU (unsmoothed) is 0
    }

    [Fact]
    public void Hand_worked_sentence_with_brevity_penalty()
    {
        // hyp 6 tokens vs ref 7: p1 = 6/6, p2 = 4/5, p3 = 3/4, p4 = 2/3; c = 6 <= r = 7 -> BP = exp(1 - 7/6).
        var s = Score("the cat sat on the mat", "the cat sat on the red mat");
        Assert.Equal([1.0, 0.8, 0.75, 2.0 / 3], s.Precisions);
        Assert.Equal(Math.Exp(1 - 7.0 / 6), s.BrevityPenalty, 12);
        Assert.Equal(Math.Exp(1 - 7.0 / 6) * Math.Pow(0.4, 0.25), s.Score, 12);
        Assert.Equal(0.673183, s.Score, 5);
    }

    [Fact]
    public void Identical_and_longer_hypotheses_get_no_penalty()
    {
        Assert.Equal(1.0, Score("a b c d e", "a b c d e").Score, 12);
        // hyp longer than ref: BP = 1; p1 = 5/6, p2 = 4/5, p3 = 3/4, p4 = 2/3.
        var s = Score("a b c d e f", "a b c d e");
        Assert.Equal(1.0, s.BrevityPenalty);
        Assert.Equal(Math.Pow(5.0 / 6 * 0.8 * 0.75 * 2.0 / 3, 0.25), s.Score, 12);
    }

    [Fact]
    public void Corpus_bleu_sums_counts_over_sentences_and_uses_closest_reference_length()
    {
        // Sentence 1 exact (4 tokens); sentence 2 "a b c" vs refs of length 5 and 4 -> closest 4.
        // Totals: p1 = 7/7, p2 = 5/5, p3 = 3/3, p4 = 1/1; c = 7, r = 8 -> BP = exp(1 - 8/7).
        var hyps = new List<IReadOnlyList<string>> { T("w x y z"), T("a b c") };
        var refs = new List<IReadOnlyList<IReadOnlyList<string>>> { new List<IReadOnlyList<string>> { T("w x y z") }, new List<IReadOnlyList<string>> { T("a b c d e"), T("a b c d") } };
        var s = Bleu.Corpus(hyps, refs);
        Assert.Equal(8, s.ReferenceLength);
        Assert.Equal(Math.Exp(1 - 8.0 / 7), s.Score, 12);
        Assert.Equal(3, Bleu.ClosestLength(4, [T("a b c"), T("a b c d e")])); // tie 3 vs 5 -> the shorter
        Assert.Equal(3, Bleu.ClosestLength(4, [T("a b c d e"), T("a b c")]));
    }
}
