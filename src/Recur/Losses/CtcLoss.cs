// CtcLoss: torch.nn.CTCLoss on batch-first log-probabilities [B, T, C] (the output of LogSoftmax over
// the class axis). Targets are label sequences without blanks, either one int[] per sample or torch's
// concatenated form with target lengths. Defaults as PyTorch: blank 0, reduction Mean (each loss divided
// by its target length, then the batch mean), zero_infinity false. One fused node (CtcLossFunction).
using Recur.Autograd.Functions;
using Recur.Tensors;

namespace Recur.Losses;

/// <summary>
/// Connectionist temporal classification loss: -log of the total probability of every alignment of the
/// target to the input frames (blanks between labels, repeats collapsed), PyTorch's nn.CTCLoss.
/// </summary>
public sealed class CtcLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="blank">Index of the blank class.</param>
    /// <param name="reduction">None: [B]; Sum: the sum; Mean: mean over b of loss_b / max(target length, 1).</param>
    /// <param name="zeroInfinity">Replace infinite losses (no possible alignment) and their gradients by 0.</param>
    public CtcLoss(int blank = 0, Reduction reduction = Reduction.Mean, bool zeroInfinity = false)
    {
        if (blank < 0) throw new ArgumentOutOfRangeException(nameof(blank), blank, "blank must be non-negative.");
        LossChecks.ValidReduction(reduction);
        (Blank, Reduction, ZeroInfinity) = (blank, reduction, zeroInfinity);
    }

    /// <summary>The blank class index.</summary>
    public int Blank { get; }

    /// <summary>How per-sample losses are reduced.</summary>
    public Reduction Reduction { get; }

    /// <summary>Whether infinite losses become 0.</summary>
    public bool ZeroInfinity { get; }

    /// <summary>
    /// The loss of <paramref name="logProbs"/> [B, T, C] with per-sample input lengths [B] (each in 0..T) and
    /// targets concatenated in <paramref name="targets"/> with lengths <paramref name="targetLengths"/> [B].
    /// Returns [] (Mean, Sum) or [B] (None).
    /// </summary>
    public Tensor Compute(Tensor logProbs, int[] targets, int[] inputLengths, int[] targetLengths) =>
        CtcLossFunction.Forward(logProbs, targets, inputLengths, targetLengths, Blank, Reduction, ZeroInfinity);

    /// <summary>As the concatenated form, with one label sequence per sample.</summary>
    public Tensor Compute(Tensor logProbs, IReadOnlyList<int[]> targets, int[] inputLengths)
    {
        ArgumentNullException.ThrowIfNull(targets);
        for (int i = 0; i < targets.Count; i++)
            if (targets[i] is null) throw new ArgumentNullException(nameof(targets), $"ctc_loss: target sequence {i} is null.");
        var lengths = targets.Select(t => t.Length).ToArray();
        return Compute(logProbs, targets.SelectMany(t => t).ToArray(), inputLengths, lengths);
    }
}
