// TextSplit: a stratified train/test split in which identical texts never straddle the two sides. Rows
// are grouped by their text (exact, after trimming surrounding white space); the groups are split with
// Data/DataSplit.Stratified on the label of each group's first row, then expanded back to rows. So a
// message that occurs 5 times is in train 5 times or in test 5 times, never both (the SMS collection has
// 403 such duplicates, which would otherwise leak).
using Recur.Data;
using Recur.Tensors;

namespace Recur.Applications.Classification;

/// <summary>Duplicate-aware stratified splits of labelled texts.</summary>
public static class TextSplit
{
    /// <summary>
    /// Row indices of train and test, each ascending: about <paramref name="testFraction"/> of the distinct
    /// texts of each label go to test; rows with identical texts stay together.
    /// </summary>
    public static (int[] Train, int[] Test) StratifiedByText(IReadOnlyList<string> texts, int[] labels, double testFraction, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        if (texts.Count != labels.Length) throw new ArgumentException($"{texts.Count} texts but {labels.Length} labels.");
        var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<List<int>>();
        var groupLabels = new List<int>();
        for (int i = 0; i < texts.Count; i++)
        {
            string key = texts[i].Trim();
            if (!groupOf.TryGetValue(key, out int g))
            {
                groupOf[key] = g = members.Count;
                members.Add([]);
                groupLabels.Add(labels[i]);
            }
            members[g].Add(i);
        }
        var (trainGroups, testGroups) = DataSplit.Stratified(groupLabels.ToArray(), testFraction, generator);
        return (Expand(trainGroups, members), Expand(testGroups, members));
    }

    private static int[] Expand(int[] groups, List<List<int>> members)
    {
        var rows = groups.SelectMany(g => members[g]).ToArray();
        Array.Sort(rows);
        return rows;
    }
}
