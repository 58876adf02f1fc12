// NtmState: what a NeuralTuringMachine carries from one step to the next. Legend: B batch, N memory slots,
// M slot width, H controller size.
using Recur.Tensors;

namespace Recur.Layers.Memory;

/// <summary>The state of a <see cref="NeuralTuringMachine"/> between steps.</summary>
/// <param name="Memory">The memory [B, N, M].</param>
/// <param name="Read">The last vector read [B, M] (fed to the controller with the next input).</param>
/// <param name="ReadWeights">The read head's last weighting over the slots [B, N] (each row sums to 1).</param>
/// <param name="WriteWeights">The write head's last weighting over the slots [B, N].</param>
/// <param name="H">The controller's hidden state [B, H].</param>
/// <param name="C">The controller's cell state [B, H].</param>
public sealed record NtmState(Tensor Memory, Tensor Read, Tensor ReadWeights, Tensor WriteWeights, Tensor H, Tensor C);
