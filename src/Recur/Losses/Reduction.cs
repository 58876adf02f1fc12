// Reduction: how a loss turns its per-element values into its result, as PyTorch's `reduction=`
// argument ('mean', 'sum', 'none'). Mean divides by the number of elements that count (for
// cross-entropy: the positions that are neither ignored nor masked out).
namespace Recur.Losses;

/// <summary>How a loss reduces its per-element values.</summary>
public enum Reduction
{
    /// <summary>The mean over the elements that count: a scalar tensor (shape []). NaN when none count.</summary>
    Mean,

    /// <summary>The sum over all elements: a scalar tensor (shape []).</summary>
    Sum,

    /// <summary>No reduction: one value per element (per position for cross-entropy).</summary>
    None,
}
