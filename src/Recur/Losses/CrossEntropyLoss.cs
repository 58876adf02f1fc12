// CrossEntropyLoss: torch.nn.CrossEntropyLoss from logits, with the class axis LAST: logits [N, C],
// sequences [N, T, C] (batch-first, unlike PyTorch's [N, C, T]), or any [..., C]. Targets are class
// indices shaped like the logits without the class axis (a float tensor holding integers, or int[]), or
// probabilities shaped like the logits. Options as torch 1.13: ignore index, label smoothing (excluded
// rows count in neither term), reductions; plus a 0/1 mask over positions. One fused node.
using Recur.Autograd.Functions;
using Recur.Tensors;

namespace Recur.Losses;

/// <summary>
/// Cross-entropy from logits (torch.nn.CrossEntropyLoss) with the class axis last. For a position with
/// log-probabilities logp = log_softmax(logits) over C classes and label smoothing eps:
/// class index t: l = -(1 - eps) logp[t] - eps/C sum_c logp[c]; probabilities q:
/// l = -sum_c ((1 - eps) q[c] + eps/C) logp[c]. Positions whose target is the ignore index or whose mask
/// is 0 have l = 0 and do not count for <see cref="Reduction.Mean"/>.
/// </summary>
public sealed class CrossEntropyLoss : ILoss
{
    private const string LossName = "CrossEntropyLoss";

    /// <summary>
    /// Creates the loss. <paramref name="ignoreIndex"/> is a class-index target to skip (default -100, as
    /// PyTorch); <paramref name="labelSmoothing"/> lies in [0, 1].
    /// </summary>
    public CrossEntropyLoss(int ignoreIndex = -100, float labelSmoothing = 0f, Reduction reduction = Reduction.Mean)
    {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing,
                $"label_smoothing must be between 0.0 and 1.0. Got: {labelSmoothing}");
        LossChecks.ValidReduction(reduction);
        IgnoreIndex = ignoreIndex;
        LabelSmoothing = labelSmoothing;
        Reduction = reduction;
    }

    /// <summary>The class-index target that is skipped (it does not count for the mean).</summary>
    public int IgnoreIndex { get; }

    /// <summary>The label smoothing eps in [0, 1].</summary>
    public float LabelSmoothing { get; }

    /// <summary>How the per-position values are reduced.</summary>
    public Reduction Reduction { get; }

    /// <inheritdoc/>
    public string Name => "cross_entropy";

    /// <summary>
    /// The loss of <paramref name="prediction"/> (logits [..., C], e.g. [N, C] or [N, T, C]) against
    /// <paramref name="target"/>: class indices [...] (integer values in [0, C) or the ignore index) or
    /// probabilities [..., C]. Returns [] for Mean/Sum, [...] for None.
    /// </summary>
    public Tensor Compute(Tensor prediction, Tensor target) => Compute(prediction, target, null);

    /// <summary>
    /// As <see cref="Compute(Tensor, Tensor)"/>, with <paramref name="mask"/> [...] (e.g. [N, T]) of 0/1:
    /// positions where it is 0 are excluded (loss 0, not counted for the mean, their targets not checked).
    /// </summary>
    public Tensor Compute(Tensor logits, Tensor target, Tensor? mask)
    {
        int classes = CheckLogits(logits);
        ArgumentNullException.ThrowIfNull(target);
        var excluded = MaskToExcluded(logits, mask);
        if (Shapes.Equal(target.Shape, logits.Shape))
            return CrossEntropyLossFunction.ForwardProbabilities(logits, target, excluded, LabelSmoothing, Reduction);
        if (!Shapes.Equal(target.Shape, logits.Shape[..^1]))
            throw ShapeError(logits, target.Shape);
        var values = target.ReadOnlyData;
        var rows = new int[values.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            if (excluded != null && excluded[r])
            {
                rows[r] = -1;
                continue;
            }
            float v = values[r];
            if (!float.IsFinite(v) || v != MathF.Round(v))
                throw new ArgumentException(
                    $"{LossName}: class-index targets must hold integer values; target element {r} is {v}. " +
                    $"For probability targets, give a tensor shaped like the logits {Shapes.Format(logits.Shape)}.", nameof(target));
            if (v < int.MinValue || v > int.MaxValue) throw OutOfBounds(v, classes);
            rows[r] = CheckIndex((int)v, classes);
        }
        return CrossEntropyLossFunction.ForwardIndices(logits, rows, LabelSmoothing, Reduction);
    }

    /// <summary>
    /// The loss of <paramref name="logits"/> [..., C] against class indices given as an array with one entry
    /// per position (row-major over [...]). Returns [] for Mean/Sum, [...] for None.
    /// </summary>
    public Tensor Compute(Tensor logits, int[] targets) => Compute(logits, targets, null);

    /// <summary>As <see cref="Compute(Tensor, int[])"/>, with a 0/1 <paramref name="mask"/> [...] over positions.</summary>
    public Tensor Compute(Tensor logits, int[] targets, Tensor? mask)
    {
        int classes = CheckLogits(logits);
        ArgumentNullException.ThrowIfNull(targets);
        int positions = Shapes.Count(logits.Shape[..^1]);
        if (targets.Length != positions)
            throw new ArgumentException(
                $"{LossName}: {targets.Length} targets were given for logits of shape {Shapes.Format(logits.Shape)}, " +
                $"which has {positions} positions {Shapes.Format(logits.Shape[..^1])}.", nameof(targets));
        var excluded = MaskToExcluded(logits, mask);
        var rows = new int[positions];
        for (int r = 0; r < positions; r++)
            rows[r] = excluded != null && excluded[r] ? -1 : CheckIndex(targets[r], classes);
        return CrossEntropyLossFunction.ForwardIndices(logits, rows, LabelSmoothing, Reduction);
    }

    private static int CheckLogits(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank == 0 || logits.Shape[^1] == 0)
            throw new ArgumentException(
                $"{LossName}: logits must have a class axis (the last) of at least one class; got shape {Shapes.Format(logits.Shape)}.", nameof(logits));
        return logits.Shape[^1];
    }

    /// <summary>The row index for a class target: -1 for the ignore index, else the class (checked).</summary>
    private int CheckIndex(int target, int classes)
    {
        if (target == IgnoreIndex) return -1;
        if (target < 0 || target >= classes) throw OutOfBounds(target, classes);
        return target;
    }

    private ArgumentOutOfRangeException OutOfBounds(object target, int classes) =>
        new("target", target,
            $"Target {target} is out of bounds: {LossName} over C = {classes} classes takes targets in [0, {classes}) or the ignore index {IgnoreIndex}.");

    private static bool[]? MaskToExcluded(Tensor logits, Tensor? mask)
    {
        if (mask == null) return null;
        var positions = logits.Shape[..^1];
        if (!Shapes.Equal(mask.Shape, positions))
            throw new ArgumentException(
                $"{LossName}: mask shape {Shapes.Format(mask.Shape)} must match the positions {Shapes.Format(positions)} of logits {Shapes.Format(logits.Shape)}.", nameof(mask));
        var m = mask.ReadOnlyData;
        var excluded = new bool[m.Length];
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] != 0f && m[i] != 1f)
                throw new ArgumentException($"{LossName}: mask values must be 0 or 1; mask element {i} is {m[i]}.", nameof(mask));
            excluded[i] = m[i] == 0f;
        }
        return excluded;
    }

    private static ArgumentException ShapeError(Tensor logits, ReadOnlySpan<int> target)
    {
        string prefix = logits.Rank == 2 && target.Length == 1
            ? $"Expected input batch_size ({logits.Shape[0]}) to match target batch_size ({target[0]}). "
            : "";
        return new ArgumentException(
            $"{LossName}: {prefix}Logits shape {Shapes.Format(logits.Shape)} and target shape {Shapes.Format(target)} do not fit: " +
            $"expected class indices {Shapes.Format(logits.Shape[..^1])} or probabilities {Shapes.Format(logits.Shape)} (the class axis is last).", "target");
    }
}
