// LstmCell: one LSTM step, PyTorch's nn.LSTMCell: gates = x W_ih^T + b_ih + h W_hh^T + b_hh split as
// (i, f, g, o); c' = sigmoid(f) c + sigmoid(i) tanh(g); h' = sigmoid(o) tanh(c').
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>One LSTM step (PyTorch's nn.LSTMCell), built from autograd primitives.</summary>
public sealed class LstmCell : RecurrentCell
{
    /// <summary>Creates the cell; parameters are drawn from <paramref name="generator"/> (seed 0 when null).</summary>
    public LstmCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
        : base(CellKind.Lstm, inputSize, hiddenSize, bias, generator)
    {
    }

    /// <summary>x [B, I] (or [I]); state (h [B, H], c [B, H]) or zeros. Returns (h', c').</summary>
    public (Tensor H, Tensor C) Forward(Tensor x, (Tensor H, Tensor C)? state = null)
    {
        x = CheckInput(x, out bool unbatched);
        int batch = x.Size(0);
        var h = CheckState(state?.H, batch, unbatched, "hx");
        var c = CheckState(state?.C, batch, unbatched, "cx");
        var (gx, gh) = Projections(x, h);
        var gates = (gx + gh).Split([HiddenSize, HiddenSize, HiddenSize, HiddenSize], -1);
        var cNext = gates[1].Sigmoid() * c + gates[0].Sigmoid() * gates[2].Tanh();
        var hNext = gates[3].Sigmoid() * cNext.Tanh();
        return (Unbatch(hNext, unbatched), Unbatch(cNext, unbatched));
    }
}
