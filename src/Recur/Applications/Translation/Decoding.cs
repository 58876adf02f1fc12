// Decoding: greedy search and beam search over a Seq2Seq model for one source sentence.
// Greedy: feed back the most likely token (the first on a tie) until <eos> or maxLength tokens.
// Beam search (width k): every step expands the live hypotheses by every token and keeps the best
// (k - finished) expansions by total log-probability (ties: earlier hypothesis, then smaller token index);
// an expansion ending in <eos> is finished, the others stay live, so the live set shrinks as hypotheses
// finish and the search stops when none is live (live hypotheses at maxLength count as finished). The answer
// is the finished hypothesis with the best normalised score log P / length^alpha (length counts <eos>;
// alpha = 0 ranks by log P alone). With k = 1 every step keeps exactly the greedy token, so beam search of
// width 1 is greedy search.
using Recur.Autograd;
using Recur.Tensors;
using Recur.Text;

namespace Recur.Applications.Translation;

/// <summary>A decoded target sentence.</summary>
/// <param name="Tokens">Target token indices without &lt;bos&gt; and &lt;eos&gt;.</param>
/// <param name="LogProbability">Sum of the log-probabilities of the tokens (and of &lt;eos&gt; when reached).</param>
/// <param name="Finished">Whether it ended with &lt;eos&gt; (not cut at the maximum length).</param>
/// <param name="Attention">One row of attention weights over the source tokens per output token (and &lt;eos&gt;).</param>
public sealed record Hypothesis(int[] Tokens, double LogProbability, bool Finished, float[][] Attention)
{
    /// <summary>log P / L^alpha with L the token count including &lt;eos&gt;.</summary>
    public double Score(double alpha) => LogProbability / Math.Pow(Math.Max(1, Tokens.Length + (Finished ? 1 : 0)), alpha);
}

/// <summary>Greedy and beam-search decoding.</summary>
public static class Decoding
{
    /// <summary>The greedy translation of <paramref name="source"/> (token indices), at most <paramref name="maxLength"/> tokens.</summary>
    public static Hypothesis Greedy(Seq2Seq model, int[] source, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        Check(source, maxLength);
        using var _ = GradMode.NoGrad();
        var (encoded, state) = model.Encode([source]);
        var tokens = new List<int>();
        var rows = new List<float[]>();
        double logp = 0;
        int previous = model.Bos;
        var best = new int[1];
        for (int step = 0; step < maxLength; step++)
        {
            var (logits, next, weights) = model.Step(encoded, [previous], state);
            state = next;
            var lp = logits.LogSoftmax(1).ReadOnlyData;
            best[0] = BestAllowed(lp, model);
            logp += lp[best[0]];
            rows.Add(weights.ToArray());
            if (best[0] == model.Eos) return new Hypothesis(tokens.ToArray(), logp, true, rows.ToArray());
            tokens.Add(best[0]);
            previous = best[0];
        }
        return new Hypothesis(tokens.ToArray(), logp, false, rows.ToArray());
    }

    /// <summary>
    /// The beam-search translation of <paramref name="source"/>: width <paramref name="width"/>, at most
    /// <paramref name="maxLength"/> tokens, ranked by log P / length^<paramref name="lengthNormalization"/>.
    /// </summary>
    public static Hypothesis Beam(Seq2Seq model, int[] source, int width, int maxLength, double lengthNormalization = 1.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        Check(source, maxLength);
        if (width < 1) throw new ArgumentException($"--beam must be at least 1, got {width}.");
        int candidates = Candidates(model.Config.TargetVocabulary);
        if (width > candidates)
            throw new ArgumentException(
                $"--beam {width} is wider than the target vocabulary ({candidates} tokens that can be output, <pad> and <bos> left out); no step has more candidates than that.");
        if (!(lengthNormalization >= 0) || double.IsInfinity(lengthNormalization))
            throw new ArgumentException($"the length normalisation exponent (--length-norm) must be a finite number >= 0, got {lengthNormalization}.");
        using var _ = GradMode.NoGrad();
        var sources = new int[width][];
        Array.Fill(sources, source);
        var (encodedAll, state0) = model.Encode(sources);
        var live = new List<Hypothesis> { new([], 0, false, []) };
        var liveState = new DecoderState(state0.H.Slice(0, 0, 1), state0.C?.Slice(0, 0, 1));
        var finished = new List<Hypothesis>();
        for (int step = 0; step < maxLength && live.Count > 0; step++)
        {
            int n = live.Count;
            var encoded = encodedAll.Take(n);
            var previous = new int[n];
            for (int i = 0; i < n; i++) previous[i] = live[i].Tokens.Length == 0 ? model.Bos : live[i].Tokens[^1];
            var (logits, next, weights) = model.Step(encoded, previous, liveState);
            var lp = logits.LogSoftmax(1).ReadOnlyData;
            int v = logits.Size(1), s = weights.Size(1);
            var w = weights.ReadOnlyData;
            var chosen = TopK(live, lp, v, width - finished.Count, model.Bos, Pad(model));
            var survivors = new List<(int Parent, Hypothesis Hyp)>();
            foreach (var (parent, token, total) in chosen)
            {
                var row = w.Slice(parent * s, s).ToArray();
                var attention = live[parent].Attention.Append(row).ToArray();
                if (token == model.Eos)
                    finished.Add(new Hypothesis(live[parent].Tokens, total, true, attention));
                else
                    survivors.Add((parent, new Hypothesis([.. live[parent].Tokens, token], total, false, attention)));
            }
            live = survivors.Select(x => x.Hyp).ToList();
            liveState = new DecoderState(Gather(next.H, survivors), next.C == null ? null : Gather(next.C, survivors));
        }
        finished.AddRange(live);
        Hypothesis best = finished[0];
        foreach (var h in finished)
        {
            if (h.Score(lengthNormalization) > best.Score(lengthNormalization)) best = h;
        }
        return best;
    }

    /// <summary>
    /// Tokens a translation can contain: the target vocabulary less &lt;pad&gt; and &lt;bos&gt;, which only ever
    /// pad a batch or start the decoder (an untrained model could otherwise emit them).
    /// </summary>
    public static int Candidates(Vocabulary targetVocabulary)
    {
        ArgumentNullException.ThrowIfNull(targetVocabulary);
        return targetVocabulary.Count - 2;
    }

    private static int Pad(Seq2Seq model) => model.Config.TargetVocabulary.PadIndex;

    /// <summary>The best next token of one row of log-probabilities, never &lt;pad&gt; or &lt;bos&gt; (the first of equals, as arg max).</summary>
    private static int BestAllowed(ReadOnlySpan<float> lp, Seq2Seq model)
    {
        int bos = model.Bos, pad = Pad(model), best = -1;
        for (int t = 0; t < lp.Length; t++)
        {
            if (t == bos || t == pad) continue;
            if (best < 0 || lp[t] > lp[best] || (float.IsNaN(lp[t]) && !float.IsNaN(lp[best]))) best = t;
        }
        return best;
    }

    private static List<(int Parent, int Token, double Total)> TopK(List<Hypothesis> live, ReadOnlySpan<float> logp, int v, int k, int bos, int pad)
    {
        // Keeps the k best (total, parent, token) in order: higher total first, then lower parent, then lower token.
        var best = new List<(int Parent, int Token, double Total)>(k + 1);
        for (int p = 0; p < live.Count; p++)
        {
            double baseScore = live[p].LogProbability;
            for (int t = 0; t < v; t++)
            {
                if (t == bos || t == pad) continue;
                double total = baseScore + logp[p * v + t];
                if (best.Count == k && total <= best[^1].Total) continue;
                int at = best.Count;
                while (at > 0 && best[at - 1].Total < total) at--;
                best.Insert(at, (p, t, total));
                if (best.Count > k) best.RemoveAt(best.Count - 1);
            }
        }
        return best;
    }

    private static Tensor Gather(Tensor states, List<(int Parent, Hypothesis Hyp)> rows)
    {
        int h = states.Size(1);
        var result = Tensor.Zeros(Math.Max(rows.Count, 1), h);
        var src = states.ReadOnlyData;
        var dst = result.Data;
        for (int i = 0; i < rows.Count; i++) src.Slice(rows[i].Parent * h, h).CopyTo(dst.Slice(i * h, h));
        return result;
    }

    private static void Check(int[] source, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length == 0) throw new ArgumentException("cannot translate an empty sentence.");
        if (maxLength < 1) throw new ArgumentException($"the maximum output length must be at least 1, got {maxLength}.");
    }
}
