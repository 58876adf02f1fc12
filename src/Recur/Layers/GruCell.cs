// GruCell: one GRU step, PyTorch's nn.GRUCell: r = sigmoid(gx_r + gh_r), z = sigmoid(gx_z + gh_z),
// n = tanh(gx_n + r gh_n) with gh_n = W_hn h + b_hn (reset after), h' = (1 - z) n + z h.
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>One GRU step (PyTorch's nn.GRUCell), built from autograd primitives.</summary>
public sealed class GruCell : RecurrentCell
{
    /// <summary>Creates the cell; parameters are drawn from <paramref name="generator"/> (seed 0 when null).</summary>
    public GruCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
        : base(CellKind.Gru, inputSize, hiddenSize, bias, generator)
    {
    }

    /// <summary>x [B, I] (or [I]); h [B, H] or zeros. Returns h'.</summary>
    public Tensor Forward(Tensor x, Tensor? h = null)
    {
        x = CheckInput(x, out bool unbatched);
        var hPrev = CheckState(h, x.Size(0), unbatched, "hx");
        var (gx, gh) = Projections(x, hPrev);
        int n = HiddenSize;
        var xs = gx.Split([n, n, n], -1);
        var hs = gh.Split([n, n, n], -1);
        var r = (xs[0] + hs[0]).Sigmoid();
        var z = (xs[1] + hs[1]).Sigmoid();
        var cand = (xs[2] + r * hs[2]).Tanh();
        var hNext = (1f - z) * cand + z * hPrev;
        return Unbatch(hNext, unbatched);
    }
}
