// CtcDecoder: greedy collapsing by hand; prefix beam search finds the most probable labelling (checked
// by enumerating every labelling and scoring it with CtcLoss) where greedy decoding does not.
using Recur.Decoding;
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Tests.Decoding;

public class CtcDecoderTests
{
    private static float[] Frames(params float[][] probabilities) =>
        probabilities.SelectMany(p => p.Select(v => MathF.Log(v))).ToArray();

    [Fact]
    public void Greedy_collapses_repeats_and_drops_blanks()
    {
        // argmax per frame: 1 1 0 1 2 2 0 -> [1, 1, 2]
        var lp = Frames([.1f, .8f, .1f], [.1f, .8f, .1f], [.8f, .1f, .1f], [.1f, .8f, .1f], [.1f, .1f, .8f], [.1f, .1f, .8f], [.8f, .1f, .1f]);
        Assert.Equal([1, 1, 2], CtcDecoder.Greedy(lp, 3, 7));
        Assert.Equal([1], CtcDecoder.Greedy(lp, 3, 2));
        Assert.Empty(CtcDecoder.Greedy(lp, 3, 0));
    }

    [Fact]
    public void Beam_search_finds_the_most_probable_labelling()
    {
        // The classic case: blank is the best frame by frame, but label 1 summed over its paths wins.
        var lp = Frames([.4f, .35f, .25f], [.4f, .35f, .25f]);
        Assert.Empty(CtcDecoder.Greedy(lp, 3, 2));
        var (labels, logP) = CtcDecoder.PrefixBeamSearch(lp, 3, 2, beamWidth: 10);
        Assert.Equal([1], labels);
        double expected = Math.Log(.35 * .35 + .4 * .35 + .35 * .4);
        Assert.Equal(expected, logP, 5);
    }

    [Fact]
    public void Wide_beam_agrees_with_exhaustive_search()
    {
        var g = new Generator(4);
        for (int trial = 0; trial < 5; trial++)
        {
            var lp = Tensor.Normal(g, 0, 1.5f, 1, 5, 3).LogSoftmax(-1);
            var all = new List<int[]> { Array.Empty<int>() };
            for (int len = 1; len <= 5; len++)
                foreach (var prev in all.Where(a => a.Length == len - 1).ToList())
                    for (int c = 1; c < 3; c++) all.Add([.. prev, c]);
            var ctc = new CtcLoss(reduction: Reduction.Sum);
            var scored = all.Select(l => (Labels: l, LogP: -(double)ctc.Compute(lp, [l], [5]).Item())).OrderByDescending(x => x.LogP).First();
            var (labels, logP) = CtcDecoder.PrefixBeamSearch(lp.ReadOnlyData, 3, 5, beamWidth: 64);
            Assert.Equal(scored.Labels, labels);
            Assert.Equal(scored.LogP, logP, 4);
        }
    }
}
