// RnnCell: one Elman RNN step, PyTorch's nn.RNNCell: h' = tanh|relu(x W_ih^T + b_ih + h W_hh^T + b_hh).
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>One Elman RNN step (PyTorch's nn.RNNCell), built from autograd primitives.</summary>
public sealed class RnnCell : RecurrentCell
{
    /// <summary>Creates the cell; <paramref name="nonlinearity"/> is "tanh" or "relu".</summary>
    public RnnCell(int inputSize, int hiddenSize, bool bias = true, string nonlinearity = "tanh", Generator? generator = null)
        : base(Rnn.ParseNonlinearity(nonlinearity), inputSize, hiddenSize, bias, generator)
    {
    }

    /// <summary>x [B, I] (or [I]); h [B, H] or zeros. Returns h'.</summary>
    public Tensor Forward(Tensor x, Tensor? h = null)
    {
        x = CheckInput(x, out bool unbatched);
        var hPrev = CheckState(h, x.Size(0), unbatched, "hx");
        var (gx, gh) = Projections(x, hPrev);
        var pre = gx + gh;
        return Unbatch(Kind == CellKind.RnnRelu ? pre.Relu() : pre.Tanh(), unbatched);
    }
}
