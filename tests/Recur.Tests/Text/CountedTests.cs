using Recur.Text;
using Xunit;

namespace Recur.Tests.Text;

public class CountedTests
{
    [Theory]
    [InlineData(0, "0 epochs")]
    [InlineData(1, "1 epoch")]
    [InlineData(2, "2 epochs")]
    [InlineData(-1, "-1 epochs")]
    public void Only_exactly_one_is_singular(long count, string expected) => Assert.Equal(expected, Counted.Of(count, "epoch"));

    [Fact]
    public void An_irregular_plural_and_a_number_format_are_used()
    {
        Assert.Equal("1 batch", Counted.Of(1, "batch", "batches"));
        Assert.Equal("3 batches", Counted.Of(3, "batch", "batches"));
        Assert.Equal("12,345 steps", Counted.Of(12345, "step", format: "N0"));
    }
}
