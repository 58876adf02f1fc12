// CtcDecoder: label sequences from CTC log-probabilities [T, C] of one sample. Greedy: the best class per
// frame, repeats collapsed, blanks removed. Prefix beam search (Hannun et al. 2014, "First-pass large
// vocabulary continuous speech recognition using bi-directional recurrent DNNs", without a language
// model): each prefix keeps the log-probability of ending in a blank (pb) and in its last label (pnb);
// extending by the same label as the last one only continues from pb, otherwise from pb + pnb.
namespace Recur.Decoding;

/// <summary>Decoders for CTC outputs.</summary>
public static class CtcDecoder
{
    /// <summary>Best path: argmax per frame over the first <paramref name="length"/> frames of logProbs [T, C], collapsed.</summary>
    public static int[] Greedy(ReadOnlySpan<float> logProbs, int classes, int length, int blank = 0)
    {
        Check(logProbs, classes, length, blank);
        var result = new List<int>();
        int previous = blank;
        for (int t = 0; t < length; t++)
        {
            int best = TensorPrimitives.IndexOfMax(logProbs.Slice(t * classes, classes));
            if (best != blank && best != previous) result.Add(best);
            previous = best;
        }
        return result.ToArray();
    }

    /// <summary>
    /// The most probable label sequence found by a prefix beam search of width <paramref name="beamWidth"/>
    /// over the first <paramref name="length"/> frames of logProbs [T, C], with its log-probability.
    /// </summary>
    public static (int[] Labels, double LogProbability) PrefixBeamSearch(ReadOnlySpan<float> logProbs, int classes, int length,
        int beamWidth = 8, int blank = 0)
    {
        Check(logProbs, classes, length, blank);
        if (beamWidth < 1) throw new ArgumentException($"PrefixBeamSearch: beam width must be at least 1, got {beamWidth}.");
        var beams = new Dictionary<string, Beam> { [""] = new Beam([], 0, double.NegativeInfinity) };
        for (int t = 0; t < length; t++)
        {
            var frame = logProbs.Slice(t * classes, classes);
            var next = new Dictionary<string, Beam>();
            foreach (var beam in beams.Values)
            {
                double total = LogAdd(beam.Blank, beam.NonBlank);
                // Stay with the same prefix: a blank, or a repeat of the last label without a blank between.
                var same = Get(next, beam.Labels);
                same.Blank = LogAdd(same.Blank, total + frame[blank]);
                if (beam.Labels.Length > 0)
                    same.NonBlank = LogAdd(same.NonBlank, beam.NonBlank + frame[beam.Labels[^1]]);
                for (int c = 0; c < classes; c++)
                {
                    if (c == blank) continue;
                    var extended = Get(next, [.. beam.Labels, c]);
                    bool repeat = beam.Labels.Length > 0 && beam.Labels[^1] == c;
                    extended.NonBlank = LogAdd(extended.NonBlank, (repeat ? beam.Blank : total) + frame[c]);
                }
            }
            beams = next.Values.OrderByDescending(b => LogAdd(b.Blank, b.NonBlank)).ThenBy(b => Key(b.Labels), StringComparer.Ordinal)
                .Take(beamWidth).ToDictionary(b => Key(b.Labels));
        }
        var best = beams.Values.OrderByDescending(b => LogAdd(b.Blank, b.NonBlank)).ThenBy(b => Key(b.Labels), StringComparer.Ordinal).First();
        return (best.Labels, LogAdd(best.Blank, best.NonBlank));
    }

    private sealed class Beam(int[] labels, double blank, double nonBlank)
    {
        public int[] Labels { get; } = labels;
        public double Blank { get; set; } = blank;
        public double NonBlank { get; set; } = nonBlank;
    }

    private static Beam Get(Dictionary<string, Beam> beams, int[] labels)
    {
        string key = Key(labels);
        if (!beams.TryGetValue(key, out var beam))
            beams[key] = beam = new Beam(labels, double.NegativeInfinity, double.NegativeInfinity);
        return beam;
    }

    private static string Key(int[] labels) => string.Join(',', labels);

    private static double LogAdd(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        double max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }

    private static void Check(ReadOnlySpan<float> logProbs, int classes, int length, int blank)
    {
        if (classes < 1 || length < 0 || (long)length * classes > logProbs.Length)
            throw new ArgumentException($"CTC decoding: {length} frames of {classes} classes do not fit in {logProbs.Length} values.");
        if (blank < 0 || blank >= classes) throw new ArgumentException($"CTC decoding: blank {blank} is not in [0, {classes}).");
    }
}
