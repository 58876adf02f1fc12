// DataSplitTests: Keras-style last-fraction validation, seeded random partitions, stratified proportions per
// class, and clear errors for fractions outside (0, 1).
using Recur.Data;
using Recur.Tensors;

namespace Recur.Tests.Data;

public class DataSplitTests
{
    [Fact]
    public void Without_a_generator_validation_is_the_last_fraction()
    {
        var (train, val) = DataSplit.TrainValidation(10, 0.2);
        Assert.Equal(Enumerable.Range(0, 8), train);
        Assert.Equal(new[] { 8, 9 }, val);
        // Keras: split_at = int(10 * (1 - 0.25)) = 7.
        (train, val) = DataSplit.TrainValidation(10, 0.25);
        Assert.Equal(7, train.Length);
        Assert.Equal(new[] { 7, 8, 9 }, val);
    }

    [Fact]
    public void With_a_generator_the_split_is_a_deterministic_random_partition()
    {
        var (train, val) = DataSplit.TrainValidation(100, 0.3, new Generator(1));
        Assert.Equal(70, train.Length);
        Assert.Equal(30, val.Length);
        Assert.Equal(Enumerable.Range(0, 100), train.Concat(val).Order());
        Assert.NotEqual(Enumerable.Range(70, 30), val.Order());
        var again = DataSplit.TrainValidation(100, 0.3, new Generator(1));
        Assert.Equal(val, again.Validation);
        Assert.NotEqual(val, DataSplit.TrainValidation(100, 0.3, new Generator(2)).Validation);
    }

    [Fact]
    public void Stratified_keeps_each_class_proportion()
    {
        // 60 of class 0, 30 of class 1, 10 of class 2, interleaved.
        var labels = new int[100];
        for (int i = 0; i < 100; i++) labels[i] = i % 10 == 0 ? 2 : i % 3 == 0 ? 1 : 0;
        int n0 = labels.Count(l => l == 0), n1 = labels.Count(l => l == 1), n2 = labels.Count(l => l == 2);
        var (train, test) = DataSplit.Stratified(labels, 0.2, new Generator(3));
        Assert.Equal(Enumerable.Range(0, 100), train.Concat(test).Order());
        Assert.Equal(train.Order(), train);
        Assert.Equal(test.Order(), test);
        foreach (var (label, n) in new[] { (0, n0), (1, n1), (2, n2) })
            Assert.Equal((int)Math.Round(n * 0.2, MidpointRounding.AwayFromZero), test.Count(i => labels[i] == label));
        Assert.Equal(test, DataSplit.Stratified(labels, 0.2, new Generator(3)).Test);
        Assert.NotEqual(test, DataSplit.Stratified(labels, 0.2, new Generator(4)).Test);
    }

    [Fact]
    public void Stratified_on_a_hand_checked_case()
    {
        // Two of each label; a half split puts exactly one of each on each side.
        int[] labels = [7, 7, -1, -1, 3, 3];
        var (train, test) = DataSplit.Stratified(labels, 0.5, new Generator(9));
        Assert.Equal(3, test.Length);
        Assert.Equal(new[] { -1, 3, 7 }, test.Select(i => labels[i]).Order());
        Assert.Equal(new[] { -1, 3, 7 }, train.Select(i => labels[i]).Order());
    }

    [Fact]
    public void Bad_inputs_have_clear_errors()
    {
        foreach (double f in new[] { 0.0, 1.0, -0.1, 1.5, double.NaN })
        {
            var e = Assert.Throws<ArgumentException>(() => DataSplit.TrainValidation(10, f));
            Assert.Contains("strictly between 0 and 1", e.Message);
            e = Assert.Throws<ArgumentException>(() => DataSplit.Stratified([0, 1], f, new Generator(1)));
            Assert.Contains("strictly between 0 and 1", e.Message);
        }
        var err = Assert.Throws<ArgumentException>(() => DataSplit.TrainValidation(10, 1e-17)); // 1 - 1e-17 rounds to 1
        Assert.Contains("leaves no validation samples", err.Message);
        err = Assert.Throws<ArgumentException>(() => DataSplit.TrainValidation(1, 0.5));
        Assert.Contains("leaves no training samples", err.Message);
        err = Assert.Throws<ArgumentException>(() => DataSplit.TrainValidation(0, 0.5));
        Assert.Contains("empty", err.Message);
        err = Assert.Throws<ArgumentException>(() => DataSplit.Stratified([0, 1, 2], 0.1, new Generator(1)));
        Assert.Contains("leaves no test samples", err.Message);
        err = Assert.Throws<ArgumentException>(() => DataSplit.Stratified([0], 0.5, new Generator(1)));
        Assert.Contains("leaves no training samples", err.Message);
        err = Assert.Throws<ArgumentException>(() => DataSplit.Stratified([], 0.5, new Generator(1)));
        Assert.Contains("empty", err.Message);
    }
}
