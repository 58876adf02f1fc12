// Gru: multi-layer GRU over whole sequences, equal to PyTorch's nn.GRU (gates r, z, n; reset after).
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>A multi-layer (optionally bidirectional) GRU, PyTorch's nn.GRU.</summary>
public sealed class Gru : RecurrentLayer
{
    /// <summary>Creates the layer; parameters are drawn from <paramref name="generator"/> (seed 0 when null).</summary>
    public Gru(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false,
        float dropout = 0f, bool bidirectional = false, Generator? generator = null)
        : base(CellKind.Gru, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, generator)
    {
    }

    /// <summary>
    /// x [T, B, I] ([B, T, I] batch-first; [T, I] unbatched); h0 [D*L, B, H] (zeros when null); lengths [B].
    /// Returns output [T, B, D*H] and hN [D*L, B, H].
    /// </summary>
    public (Tensor Output, Tensor HN) Forward(Tensor x, Tensor? initialState = null, int[]? lengths = null)
    {
        var (output, hN, _) = Run(x, initialState, null, lengths);
        return (output, hN);
    }
}
