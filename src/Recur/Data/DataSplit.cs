// DataSplit: hold-out splits of sample indices 0..N-1. TrainValidation follows Keras' validation_split
// (train = the first floor(N * (1 - f)) samples, validation = the rest) or, given a Generator, the same
// sizes from a random permutation. Stratified keeps each class's share: per class c with n_c samples,
// round(n_c * f) go to the test side (chosen at random), so class proportions match up to rounding.
using Recur.Tensors;

namespace Recur.Data;

/// <summary>Train/validation and stratified train/test splits of sample indices.</summary>
public static class DataSplit
{
    /// <summary>
    /// Splits 0..<paramref name="count"/>-1: validation holds N - floor(N * (1 - f)) samples. Without a generator
    /// both parts are in ascending order and validation is the last fraction (Keras' validation_split);
    /// with one, both come in the order of a random permutation.
    /// </summary>
    public static (int[] Train, int[] Validation) TrainValidation(int count, double validationFraction, Generator? generator = null)
    {
        CheckFraction(validationFraction, nameof(validationFraction));
        if (count <= 0) throw new ArgumentException($"The dataset is empty: {count} samples.", nameof(count));
        int train = (int)(count * (1.0 - validationFraction));
        if (train == 0 || train == count)
            throw new ArgumentException(
                $"A validation fraction of {validationFraction} of {count} samples leaves {(train == 0 ? "no training" : "no validation")} samples.",
                nameof(validationFraction));
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        generator?.Shuffle<int>(order);
        return (order[..train], order[train..]);
    }

    /// <summary>
    /// Splits the samples so each label keeps its proportion: for a label with n samples, round(n * f)
    /// (midpoint away from zero) random ones go to Test. Both parts come back in ascending order.
    /// </summary>
    public static (int[] Train, int[] Test) Stratified(int[] labels, double testFraction, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(generator);
        CheckFraction(testFraction, nameof(testFraction));
        if (labels.Length == 0) throw new ArgumentException("The dataset is empty: 0 labels.", nameof(labels));

        // Group indices by label, labels in ascending order, so the draws do not depend on hashing.
        var byLabel = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (!byLabel.TryGetValue(labels[i], out var list)) byLabel[labels[i]] = list = [];
            list.Add(i);
        }
        var train = new List<int>(labels.Length);
        var test = new List<int>(labels.Length);
        foreach (var members in byLabel.Values)
        {
            var idx = members.ToArray();
            generator.Shuffle<int>(idx);
            int nTest = (int)Math.Round(idx.Length * testFraction, MidpointRounding.AwayFromZero);
            test.AddRange(idx.AsSpan(0, nTest));
            train.AddRange(idx.AsSpan(nTest));
        }
        if (test.Count == 0 || train.Count == 0)
            throw new ArgumentException(
                $"A test fraction of {testFraction} of {labels.Length} samples leaves {(test.Count == 0 ? "no test" : "no training")} samples.",
                nameof(testFraction));
        train.Sort();
        test.Sort();
        return (train.ToArray(), test.ToArray());
    }

    private static void CheckFraction(double fraction, string name)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentException($"The fraction must lie strictly between 0 and 1, got {fraction}.", name);
    }
}
