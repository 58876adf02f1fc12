// BatcherTests: index batches cover every sample once per epoch, shuffling repeats for a seed (and for a
// restored generator state), and bad sizes have clear errors.
using Recur.Data;
using Recur.Tensors;

namespace Recur.Tests.Data;

public class BatcherTests
{
    [Fact]
    public void Without_shuffle_batches_are_consecutive_and_the_last_is_short()
    {
        var b = new Batcher(7, 3, shuffle: false, generator: null);
        Assert.Equal(3, b.BatchesPerEpoch);
        var batches = b.Epoch().ToArray();
        Assert.Equal(new[] { 0, 1, 2 }, batches[0]);
        Assert.Equal(new[] { 3, 4, 5 }, batches[1]);
        Assert.Equal(new[] { 6 }, batches[2]);
    }

    [Fact]
    public void DropLast_leaves_out_the_short_batch()
    {
        var b = new Batcher(7, 3, shuffle: true, new Generator(1), dropLast: true);
        Assert.Equal(2, b.BatchesPerEpoch);
        var batches = b.Epoch().ToArray();
        Assert.Equal(2, batches.Length);
        Assert.All(batches, x => Assert.Equal(3, x.Length));
        Assert.Equal(6, batches.SelectMany(x => x).Distinct().Count());
    }

    [Fact]
    public void Every_index_appears_exactly_once_per_epoch_and_epochs_differ()
    {
        var b = new Batcher(103, 10, shuffle: true, new Generator(5));
        var e1 = b.Epoch().SelectMany(x => x).ToArray();
        var e2 = b.Epoch().SelectMany(x => x).ToArray();
        Assert.Equal(Enumerable.Range(0, 103), e1.Order());
        Assert.Equal(Enumerable.Range(0, 103), e2.Order());
        Assert.NotEqual(e1, e2);
        Assert.NotEqual(Enumerable.Range(0, 103), e1);
    }

    [Fact]
    public void Same_seed_same_order_other_seed_other_order()
    {
        int[] Order(ulong seed) => new Batcher(50, 8, true, new Generator(seed)).Epoch().SelectMany(x => x).ToArray();
        Assert.Equal(Order(3), Order(3));
        Assert.NotEqual(Order(3), Order(4));
    }

    [Fact]
    public void Restoring_the_generator_state_replays_the_epoch()
    {
        var g = new Generator(11);
        var b = new Batcher(20, 4, true, g);
        b.Epoch();
        var saved = g.GetState();
        var expected = b.Epoch().SelectMany(x => x).ToArray();
        b.Epoch();
        g.SetState(saved);
        Assert.Equal(expected, b.Epoch().SelectMany(x => x).ToArray());
    }

    [Fact]
    public void Bad_inputs_have_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => new Batcher(10, 64, false, null));
        Assert.Contains("batch size 64 is larger than the 10 samples", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Batcher(10, 0, false, null));
        Assert.Contains("batch size must be positive, got 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Batcher(0, 1, false, null));
        Assert.Contains("empty", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Batcher(10, 2, true, null));
        Assert.Contains("Shuffling needs an explicit Generator", e.Message);
    }
}
