using Recur.Data;
using Recur.Tensors;

namespace Recur.Tests.Data;

public class AddingProblemTests
{
    [Fact]
    public void Each_sequence_has_one_marker_per_half_and_the_target_is_their_sum()
    {
        const int T = 11, B = 200;
        var (x, y) = new AddingProblem(T, new Generator(4)).Batch(B);
        Assert.Equal(new[] { T, B, 2 }, x.ShapeArray);
        Assert.Equal(new[] { B, 1 }, y.ShapeArray);
        double mean = 0;
        for (int b = 0; b < B; b++)
        {
            var marked = Enumerable.Range(0, T).Where(t => x.GetValue(t, b, 1) == 1f).ToArray();
            Assert.Equal(2, marked.Length);
            Assert.True(marked[0] < T / 2 && marked[1] >= T / 2, $"markers at {marked[0]} and {marked[1]}");
            Assert.Equal(x.GetValue(marked[0], b, 0) + x.GetValue(marked[1], b, 0), y.GetValue(b, 0));
            Assert.All(Enumerable.Range(0, T), t => Assert.InRange(x.GetValue(t, b, 0), 0f, 1f));
            mean += y.GetValue(b, 0) / B;
        }
        Assert.InRange(mean, 0.9, 1.1);
    }

    [Fact]
    public void Same_seed_same_batches()
    {
        var a = new AddingProblem(20, new Generator(9)).Batch(8).X.ToArray();
        var b = new AddingProblem(20, new Generator(9)).Batch(8).X.ToArray();
        Assert.Equal(a, b);
        Assert.Throws<ArgumentException>(() => new AddingProblem(1, new Generator(1)));
    }

    [Fact]
    public void A_length_past_a_million_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new AddingProblem(2147483640, new Generator(1)));
        Assert.Contains("up to 1,000,000 steps", e.Message);
    }
}
