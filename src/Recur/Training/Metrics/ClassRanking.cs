// ClassRanking: where a true class ranks among a row of logits, the one rule that Accuracy, ConfusionMatrix
// and the classifier's predictions share. NaN counts as higher than any number and the first NaN wins, as
// torch.argmax has it (so a model whose outputs went to NaN no longer scores every row as right). The top
// class breaks ties by the lower index (torch.argmax, Keras accuracy); a top-k cut-off with k > 1 keeps every
// class tied with the k-th (TensorFlow's in_top_k, used by Keras' top-k accuracy).
namespace Recur.Training.Metrics;

internal static class ClassRanking
{
    /// <summary>Whether a target row is a class distribution: entries in [0, 1] that sum to 1 (within 1e-3).</summary>
    internal static bool IsDistribution(ReadOnlySpan<float> row)
    {
        double sum = 0;
        foreach (float v in row)
        {
            if (!(v >= 0f && v <= 1f)) return false;
            sum += v;
        }
        return Math.Abs(sum - 1) <= 1e-3;
    }

    /// <summary>The index of the highest logit: the first NaN if there is one, else the first maximum.</summary>
    internal static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 0; j < row.Length; j++)
        {
            if (float.IsNaN(row[j])) return j;
            if (row[j] > row[best]) best = j;
        }
        return best;
    }

    /// <summary>Whether class <paramref name="label"/> is among the <paramref name="k"/> highest logits of <paramref name="row"/>.</summary>
    internal static bool InTopK(ReadOnlySpan<float> row, int label, int k)
    {
        if (k == 1) return ArgMax(row) == label;
        float mine = row[label];
        int higher = 0;
        for (int j = 0; j < row.Length; j++)
        {
            if (float.IsNaN(mine))
            {
                if (j < label && float.IsNaN(row[j])) higher++;
            }
            else if (float.IsNaN(row[j]) || row[j] > mine)
            {
                higher++;
            }
        }
        return higher < k;
    }
}
