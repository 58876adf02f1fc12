// Bleu: corpus BLEU-4 (Papineni et al. 2002). For n = 1..4 the clipped n-gram counts of every hypothesis
// (each n-gram counted at most as often as it occurs in the reference that has most of it) and the
// hypothesis n-gram totals are summed over the corpus; p_n = clipped / total. With c the total hypothesis
// length and r the sum over sentences of the reference length closest to the hypothesis length (the shorter
// on a tie), the brevity penalty is BP = 1 when c > r and exp(1 - r / c) when c <= r, and
// BLEU = BP * exp(sum_n log(p_n) / 4); any p_n = 0 gives 0 (no smoothing).
namespace Recur.Applications.Translation;

/// <summary>The parts of a corpus BLEU score.</summary>
/// <param name="Score">BLEU in [0, 1].</param>
/// <param name="Precisions">p_1..p_N, clipped n-gram precisions.</param>
/// <param name="BrevityPenalty">BP.</param>
/// <param name="HypothesisLength">c, hypothesis tokens over the corpus.</param>
/// <param name="ReferenceLength">r, closest reference tokens over the corpus.</param>
public sealed record BleuScore(double Score, double[] Precisions, double BrevityPenalty, long HypothesisLength, long ReferenceLength);

/// <summary>Corpus BLEU over token sequences.</summary>
public static class Bleu
{
    /// <summary>
    /// Corpus BLEU-<paramref name="maxOrder"/> of <paramref name="hypotheses"/> against
    /// <paramref name="references"/> (one or more reference token sequences per hypothesis).
    /// </summary>
    public static BleuScore Corpus(IReadOnlyList<IReadOnlyList<string>> hypotheses, IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> references, int maxOrder = 4)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"BLEU: {hypotheses.Count} hypotheses but {references.Count} reference sets.");
        if (maxOrder < 1) throw new ArgumentOutOfRangeException(nameof(maxOrder), maxOrder, "maxOrder must be at least 1.");
        var clipped = new long[maxOrder];
        var totals = new long[maxOrder];
        long c = 0, r = 0;
        for (int i = 0; i < hypotheses.Count; i++)
        {
            var hyp = hypotheses[i];
            var refs = references[i];
            if (refs.Count == 0) throw new ArgumentException($"BLEU: hypothesis {i} has no reference.");
            c += hyp.Count;
            r += ClosestLength(hyp.Count, refs);
            for (int n = 1; n <= maxOrder; n++)
            {
                var hypCounts = NGrams(hyp, n);
                var maxRef = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var reference in refs)
                {
                    foreach (var (gram, count) in NGrams(reference, n))
                        maxRef[gram] = Math.Max(maxRef.GetValueOrDefault(gram), count);
                }
                foreach (var (gram, count) in hypCounts)
                {
                    clipped[n - 1] += Math.Min(count, maxRef.GetValueOrDefault(gram));
                    totals[n - 1] += count;
                }
            }
        }
        var precisions = new double[maxOrder];
        double logSum = 0;
        bool zero = false;
        for (int n = 0; n < maxOrder; n++)
        {
            precisions[n] = totals[n] == 0 ? 0 : (double)clipped[n] / totals[n];
            if (precisions[n] == 0) zero = true;
            else logSum += Math.Log(precisions[n]);
        }
        double bp = c == 0 ? 0 : c > r ? 1 : Math.Exp(1 - (double)r / c);
        double score = zero ? 0 : bp * Math.Exp(logSum / maxOrder);
        return new BleuScore(score, precisions, bp, c, r);
    }

    /// <summary>The reference length closest to <paramref name="length"/>; the shorter one on a tie.</summary>
    public static int ClosestLength(int length, IReadOnlyList<IReadOnlyList<string>> references)
    {
        int best = references[0].Count;
        foreach (var reference in references)
        {
            int d = Math.Abs(reference.Count - length), bd = Math.Abs(best - length);
            if (d < bd || (d == bd && reference.Count < best)) best = reference.Count;
        }
        return best;
    }

    private static Dictionary<string, int> NGrams(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i + n <= tokens.Count; i++)
        {
            string gram = string.Join('\u0001', Enumerable.Range(i, n).Select(k => tokens[k]));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }
}
