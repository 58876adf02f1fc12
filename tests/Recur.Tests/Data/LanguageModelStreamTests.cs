// LanguageModelStreamTests: batchify on a hand-checked corpus and contiguity of consecutive batches (what makes
// carrying the detached RNN state between batches valid), plus clear errors.
using Recur.Data;

namespace Recur.Tests.Data;

public class LanguageModelStreamTests
{
    // Token i has id i, so every value is its own position in the corpus.
    private static int[] Iota(int n) => Enumerable.Range(0, n).ToArray();

    [Theory]
    [InlineData(3, 2), InlineData(4, 1), InlineData(5, 1), InlineData(int.MaxValue, 1), InlineData(int.MaxValue - 1, 1)]
    public void Batches_per_epoch_is_the_ceiling_even_for_a_window_near_int_max(int bptt, int expected)
    {
        // 11 tokens, B = 2: streams of 5, so 4 targets each; a window longer than that is one short batch.
        var lm = new LanguageModelStream(Iota(11), batchSize: 2, bptt: bptt);
        Assert.Equal(expected, lm.BatchesPerEpoch);
        Assert.Equal(new[] { 2, Math.Min(bptt, 4) }, lm.Batch(0).X.ShapeArray);
    }

    [Fact]
    public void Batchify_on_a_hand_checked_corpus()
    {
        // 11 tokens, B = 2: streams [0..4] and [5..9], token 10 dropped; bptt 3: steps 0..2 then 3.
        var lm = new LanguageModelStream(Iota(11), batchSize: 2, bptt: 3);
        Assert.Equal(5, lm.StreamLength);
        Assert.Equal(2, lm.BatchesPerEpoch);
        var batches = lm.Batches().ToArray();
        Assert.Equal(2, batches.Length);
        Assert.Equal(new[] { 2, 3 }, batches[0].X.ShapeArray);
        Assert.Equal(new[] { 0f, 1f, 2f, 5f, 6f, 7f }, batches[0].X.ToArray());
        Assert.Equal(new[] { 1f, 2f, 3f, 6f, 7f, 8f }, batches[0].Y.ToArray());
        Assert.Equal(new[] { 2, 1 }, batches[1].X.ShapeArray);
        Assert.Equal(new[] { 3f, 8f }, batches[1].X.ToArray());
        Assert.Equal(new[] { 4f, 9f }, batches[1].Y.ToArray());
    }

    [Fact]
    public void Consecutive_batches_continue_each_row_so_carried_state_is_valid()
    {
        var lm = new LanguageModelStream(Iota(1000), batchSize: 7, bptt: 9);
        int s = lm.StreamLength;
        var batches = lm.Batches().ToArray();
        Assert.Equal((s - 1 + 8) / 9, batches.Length);
        for (int b = 0; b < 7; b++)
        {
            // Row b of all x batches, concatenated, is stream b minus its last token; y is shifted by one.
            var xs = batches.SelectMany(p => Row(p.X, b)).ToArray();
            var ys = batches.SelectMany(p => Row(p.Y, b)).ToArray();
            Assert.Equal(Enumerable.Range(b * s, s - 1).Select(i => (float)i), xs);
            Assert.Equal(Enumerable.Range(b * s + 1, s - 1).Select(i => (float)i), ys);
            for (int k = 0; k + 1 < batches.Length; k++)
            {
                var cur = Row(batches[k].X, b);
                var curY = Row(batches[k].Y, b);
                var next = Row(batches[k + 1].X, b);
                Assert.Equal(cur[^1] + 1, next[0]); // the next batch starts right after this one's last input
                Assert.Equal(curY[^1], next[0]);    // ... which is this batch's last target
            }
        }
    }

    private static float[] Row(Recur.Tensors.Tensor t, int b) => t.ToArray().AsSpan(b * t.Size(1), t.Size(1)).ToArray();

    [Fact]
    public void Batch_index_matches_the_enumeration()
    {
        var lm = new LanguageModelStream(Iota(50), 3, 4);
        var all = lm.Batches().ToArray();
        Assert.Equal(all[2].X.ToArray(), lm.Batch(2).X.ToArray());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => lm.Batch(lm.BatchesPerEpoch));
        Assert.Contains($"Batch {lm.BatchesPerEpoch} is out of range for {lm.BatchesPerEpoch} batches", e.Message);
    }

    [Fact]
    public void Bad_inputs_have_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => new LanguageModelStream(Iota(7), 4, 5));
        Assert.Contains("7 tokens are too few for 4 streams", e.Message);
        e = Assert.Throws<ArgumentException>(() => new LanguageModelStream(Iota(10), 0, 5));
        Assert.Contains("batch size must be positive, got 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => new LanguageModelStream(Iota(10), 2, 0));
        Assert.Contains("bptt must be positive, got 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => new LanguageModelStream([1, -3, 2, 4], 1, 2));
        Assert.Contains("Token 1 has id -3", e.Message);
    }
}
