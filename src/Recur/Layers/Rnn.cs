// Rnn: multi-layer Elman RNN over whole sequences, equal to PyTorch's nn.RNN (tanh or relu).
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>A multi-layer (optionally bidirectional) Elman RNN, PyTorch's nn.RNN.</summary>
public sealed class Rnn : RecurrentLayer
{
    /// <summary>Creates the layer; <paramref name="nonlinearity"/> is "tanh" or "relu".</summary>
    public Rnn(int inputSize, int hiddenSize, int numLayers = 1, string nonlinearity = "tanh", bool bias = true,
        bool batchFirst = false, float dropout = 0f, bool bidirectional = false, Generator? generator = null)
        : base(ParseNonlinearity(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, generator)
    {
    }

    /// <summary>"tanh" or "relu".</summary>
    public string Nonlinearity => Kind == CellKind.RnnRelu ? "relu" : "tanh";

    /// <summary>
    /// x [T, B, I] ([B, T, I] batch-first; [T, I] unbatched); h0 [D*L, B, H] (zeros when null); lengths [B].
    /// Returns output [T, B, D*H] and hN [D*L, B, H].
    /// </summary>
    public (Tensor Output, Tensor HN) Forward(Tensor x, Tensor? initialState = null, int[]? lengths = null)
    {
        var (output, hN, _) = Run(x, initialState, null, lengths);
        return (output, hN);
    }

    internal static CellKind ParseNonlinearity(string nonlinearity) => nonlinearity switch
    {
        "tanh" => CellKind.RnnTanh,
        "relu" => CellKind.RnnRelu,
        _ => throw new ArgumentException($"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."),
    };
}
