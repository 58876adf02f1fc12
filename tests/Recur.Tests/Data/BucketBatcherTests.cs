// BucketBatcherTests: each index once per epoch, batches of similar lengths (less padding than random batches),
// determinism per seed, and clear errors.
using Recur.Data;
using Recur.Tensors;

namespace Recur.Tests.Data;

public class BucketBatcherTests
{
    private static int[] Lengths(int n, ulong seed)
    {
        var g = new Generator(seed);
        var lengths = new int[n];
        for (int i = 0; i < n; i++) lengths[i] = 1 + g.NextInt(100);
        return lengths;
    }

    // Padded steps spent beyond the real lengths: sum over batches of (max length * size - sum of lengths).
    private static long Waste(IEnumerable<int[]> batches, int[] lengths) =>
        batches.Sum(b => (long)b.Max(i => lengths[i]) * b.Length - b.Sum(i => lengths[i]));

    [Fact]
    public void Every_index_exactly_once_per_epoch_with_one_short_batch()
    {
        var lengths = Lengths(1003, 1);
        var bb = new BucketBatcher(lengths, 16, new Generator(2), batchesPerChunk: 4);
        Assert.Equal(63, bb.BatchesPerEpoch);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var batches = bb.Epoch().ToArray();
            Assert.Equal(63, batches.Length);
            Assert.Equal(Enumerable.Range(0, 1003), batches.SelectMany(b => b).Order());
            Assert.Equal(1, batches.Count(b => b.Length != 16));
            Assert.Equal(1003 % 16, batches.Single(b => b.Length != 16).Length);
        }
    }

    [Fact]
    public void A_single_chunk_gives_batches_sorted_by_length()
    {
        // batchSize * batchesPerChunk >= N: one chunk, so batches are consecutive runs of the sorted lengths.
        int[] lengths = [5, 1, 4, 2, 3, 6];
        var batches = new BucketBatcher(lengths, 2, new Generator(7), batchesPerChunk: 3).Epoch().ToArray();
        var byFirst = batches.Select(b => b.Select(i => lengths[i]).Order().ToArray()).OrderBy(b => b[0]).ToArray();
        Assert.Equal(new[] { 1, 2 }, byFirst[0]);
        Assert.Equal(new[] { 3, 4 }, byFirst[1]);
        Assert.Equal(new[] { 5, 6 }, byFirst[2]);
    }

    [Fact]
    public void Bucketing_wastes_far_less_padding_than_random_batches()
    {
        var lengths = Lengths(2000, 3);
        long bucketed = Waste(new BucketBatcher(lengths, 32, new Generator(4)).Epoch(), lengths);
        long random = Waste(new Batcher(2000, 32, true, new Generator(4)).Epoch(), lengths);
        Assert.True(bucketed * 5 < random, $"bucketed waste {bucketed}, random waste {random}");
    }

    [Fact]
    public void Deterministic_per_seed_and_different_across_seeds_and_epochs()
    {
        var lengths = Lengths(300, 5);
        int[][] First(ulong seed) => new BucketBatcher(lengths, 10, new Generator(seed)).Epoch().ToArray();
        Assert.Equal(First(8), First(8));
        Assert.NotEqual(First(8), First(9));
        var bb = new BucketBatcher(lengths, 10, new Generator(8));
        Assert.NotEqual(bb.Epoch().ToArray(), bb.Epoch().ToArray());
    }

    [Fact]
    public void Bad_inputs_have_clear_errors()
    {
        var g = new Generator(1);
        var e = Assert.Throws<ArgumentException>(() => new BucketBatcher([1, 2, 3], 4, g));
        Assert.Contains("batch size 4 is larger than the 3 samples", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BucketBatcher([], 1, g));
        Assert.Contains("empty", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BucketBatcher([1, -2], 1, g));
        Assert.Contains("Length -2 of sequence 1 is negative", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BucketBatcher([1, 2], 1, g, batchesPerChunk: 0));
        Assert.Contains("batchesPerChunk must be positive, got 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BucketBatcher([1, 2], 0, g));
        Assert.Contains("batch size must be positive, got 0", e.Message);
        Assert.Throws<ArgumentNullException>(() => new BucketBatcher([1, 2], 1, null!));
    }
}
