// Tests of Generator: determinism per seed, exact resumption from a saved state, NextInt range and
// uniformity, and Shuffle producing a permutation.
using Recur.Tensors;

namespace Recur.Tests.Tensors;

public class GeneratorTests
{
    [Fact]
    public void Same_seed_gives_the_same_sequence()
    {
        var a = new Generator(123);
        var b = new Generator(123);
        var c = new Generator(124);
        bool differs = false;
        for (int i = 0; i < 100; i++)
        {
            ulong va = a.NextUInt64();
            Assert.Equal(va, b.NextUInt64());
            differs |= va != c.NextUInt64();
        }
        Assert.True(differs);
        a.Seed(123);
        Assert.Equal(new Generator(123).NextUInt64(), a.NextUInt64());
    }

    [Fact]
    public void State_round_trip_resumes_exactly()
    {
        var g = new Generator(9);
        for (int i = 0; i < 10; i++) g.NextUInt64();
        var state = g.GetState();
        var expected = new ulong[20];
        for (int i = 0; i < 20; i++) expected[i] = g.NextUInt64();
        var restored = new Generator(0);
        restored.SetState(state);
        for (int i = 0; i < 20; i++) Assert.Equal(expected[i], restored.NextUInt64());
        Assert.Throws<ArgumentException>(() => restored.SetState(new ulong[3]));
        Assert.Throws<ArgumentException>(() => restored.SetState(new ulong[4]));
    }

    [Fact]
    public void NextInt_is_in_range_and_roughly_uniform()
    {
        var g = new Generator(10);
        var counts = new int[10];
        const int n = 100_000;
        for (int i = 0; i < n; i++)
        {
            int v = g.NextInt(10);
            Assert.InRange(v, 0, 9);
            counts[v]++;
        }
        foreach (int c in counts) Assert.InRange(c, n / 10 * 0.95, n / 10 * 1.05);
        Assert.Throws<ArgumentOutOfRangeException>(() => g.NextInt(0));
        Assert.Equal(0, g.NextInt(1));
    }

    [Fact]
    public void Floats_are_in_the_unit_interval()
    {
        var g = new Generator(11);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(g.NextFloat(), 0f, 0.99999994f);
            Assert.InRange(g.NextDouble(), 0.0, 0.9999999999999999);
        }
    }

    [Fact]
    public void Shuffle_is_a_permutation_and_repeats_for_a_seed()
    {
        var items = new int[100];
        for (int i = 0; i < items.Length; i++) items[i] = i;
        new Generator(12).Shuffle<int>(items);
        var again = new int[100];
        for (int i = 0; i < again.Length; i++) again[i] = i;
        new Generator(12).Shuffle<int>(again);
        Assert.Equal(items, again);
        var seen = new bool[100];
        int moved = 0;
        for (int i = 0; i < items.Length; i++)
        {
            Assert.False(seen[items[i]]);
            seen[items[i]] = true;
            if (items[i] != i) moved++;
        }
        Assert.True(moved > 50, $"only {moved} of 100 items moved");
    }
}
