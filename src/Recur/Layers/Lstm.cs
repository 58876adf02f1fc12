// Lstm: multi-layer LSTM over whole sequences, equal to PyTorch's nn.LSTM (gates i, f, g, o; optional
// projection W_hr of h to P features).
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>A multi-layer (optionally bidirectional, projected) LSTM, PyTorch's nn.LSTM.</summary>
public sealed class Lstm : RecurrentLayer
{
    /// <summary>Creates the layer; parameters are drawn from <paramref name="generator"/> (seed 0 when null).</summary>
    public Lstm(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false,
        float dropout = 0f, bool bidirectional = false, int projSize = 0, Generator? generator = null)
        : base(CellKind.Lstm, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize, generator)
    {
    }

    /// <summary>
    /// x [T, B, I] ([B, T, I] batch-first; [T, I] unbatched); initial state (h0 [D*L, B, Hout], c0 [D*L, B, H]),
    /// zeros when null; lengths [B]. Returns output [T, B, D*Hout], hN [D*L, B, Hout], cN [D*L, B, H].
    /// </summary>
    public (Tensor Output, Tensor HN, Tensor CN) Forward(Tensor x, (Tensor H, Tensor C)? initialState = null, int[]? lengths = null)
    {
        var (output, hN, cN) = Run(x, initialState?.H, initialState?.C, lengths);
        return (output, hN, cN!);
    }
}
