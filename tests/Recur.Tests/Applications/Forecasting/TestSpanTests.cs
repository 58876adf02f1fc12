using Recur.Applications.Forecasting;

namespace Recur.Tests.Applications.Forecasting;

public class TestSpanTests
{
    [Theory]
    [InlineData("0.3", 90, 63)]    // 0.7 * 90 = 62.99999... in doubles: floored to 62 before
    [InlineData("0.33", 300, 201)] // 0.67 * 300 = 200.99999...
    [InlineData("0.33", 144, 96)]  // airline: 96.48
    [InlineData("0.5", 7, 3)]
    [InlineData("7", 3650, 3643)]
    public void The_training_span_is_the_fraction_floored_without_binary_rounding_losses(string test, int length, int train) =>
        Assert.Equal(train, TestSpan.Parse(test).TrainLength(length));

    [Fact]
    public void A_bad_span_names_both_forms() =>
        Assert.Contains("neither a fraction in (0, 1)", Assert.Throws<ArgumentException>(() => TestSpan.Parse("1.5")).Message);
}
