// RecurrentStepper: streaming inference, one time step at a time with the state carried inside, for
// generation and low-latency use. It snapshots the layer's weights once (x and h weights side by side,
// so each layer's gate pre-activations are one matrix-vector product per sequence), preallocates every
// buffer, and allocates nothing per step. Unidirectional layers only (a reverse direction needs the
// whole sequence). Call Refresh after changing the layer's weights.
// Legend: B batch, I input, H hidden, P projection, Hout = P or H, G gates x H, L layers.
using Recur.Kernels;

namespace Recur.Layers;

/// <summary>Runs a recurrent layer step by step with carried state and no allocation.</summary>
public sealed class RecurrentStepper
{
    private readonly RecurrentLayer _layer;
    private readonly int _batch, _g;
    private readonly float[][] _w;       // per layer [G, in + Hout]: W_ih and W_hh side by side
    private readonly float[][] _bias;    // per layer [G]: b_ih + b_hh (GRU: b_ih with b_hh r, z folded in)
    private readonly float[][] _bhn;     // per layer [H]: GRU's b_hn, which the reset gate multiplies
    private readonly float[][] _whhN;    // per layer [H, Hout]: GRU's W_hn rows (kept apart for the reset gate)
    private readonly float[][] _whr;     // per layer [P, H]: LSTM projection
    private readonly float[][] _h, _c;   // per layer [B, Hout], [B, H]
    private readonly float[] _xh, _gates, _ghn, _act, _raw; // scratch of one sequence's step

    /// <summary>
    /// Creates a stepper for <paramref name="batch"/> sequences; the state starts at zero. Steps use
    /// <paramref name="threads"/> kernel threads (default: <see cref="Threading.MaxThreads"/> as of now).
    /// </summary>
    public RecurrentStepper(RecurrentLayer layer, int batch = 1, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (threads is < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "RecurrentStepper: threads must be at least 1.");
        Threads = threads ?? Threading.MaxThreads;
        if (layer.Bidirectional)
            throw new ArgumentException("RecurrentStepper: a bidirectional layer needs the whole sequence; step a unidirectional one.");
        if (batch <= 0) throw new ArgumentException($"RecurrentStepper: batch must be positive, got {batch}.");
        _layer = layer;
        _batch = batch;
        _g = layer.Kind.GateCount() * layer.HiddenSize;
        int L = layer.NumLayers, H = layer.HiddenSize, hout = layer.HOut, maxIn = Math.Max(layer.InputSize, hout);
        _w = new float[L][];
        _bias = new float[L][];
        _bhn = new float[L][];
        _whhN = new float[L][];
        _whr = new float[L][];
        _h = new float[L][];
        _c = new float[L][];
        for (int l = 0; l < L; l++)
        {
            _h[l] = new float[batch * hout];
            _c[l] = new float[batch * H];
        }
        _xh = new float[maxIn + hout];
        _gates = new float[_g];
        _ghn = new float[H];
        _act = new float[_g];
        _raw = new float[H];
        Refresh();
    }

    /// <summary>B.</summary>
    public int Batch => _batch;

    /// <summary>Copies the layer's current weights (call after training or loading new weights).</summary>
    public void Refresh()
    {
        var state = _layer.StateDict();
        int H = _layer.HiddenSize, hout = _layer.HOut, g = _g;
        bool gru = _layer.Kind == CellKind.Gru;
        for (int l = 0; l < _layer.NumLayers; l++)
        {
            var wih = state[$"weight_ih_l{l}"].ReadOnlyData;
            var whh = state[$"weight_hh_l{l}"].ReadOnlyData;
            int inSize = wih.Length / g, k = inSize + hout;
            var w = new float[g * k];
            for (int r = 0; r < g; r++)
            {
                wih.Slice(r * inSize, inSize).CopyTo(w.AsSpan(r * k, inSize));
                if (!gru || r < 2 * H) whh.Slice(r * hout, hout).CopyTo(w.AsSpan(r * k + inSize, hout));
            }
            _w[l] = w;
            var bias = new float[g];
            _bhn[l] = new float[H];
            if (_layer.Bias)
            {
                state[$"bias_ih_l{l}"].ReadOnlyData.CopyTo(bias);
                var bhh = state[$"bias_hh_l{l}"].ReadOnlyData;
                if (gru)
                {
                    TensorPrimitives.Add(bias.AsSpan(0, 2 * H), bhh[..(2 * H)], bias.AsSpan(0, 2 * H));
                    bhh.Slice(2 * H, H).CopyTo(_bhn[l]);
                }
                else
                {
                    TensorPrimitives.Add(bias, bhh, bias);
                }
            }
            _bias[l] = bias;
            _whhN[l] = gru ? whh.Slice(2 * H * hout, H * hout).ToArray() : [];
            _whr[l] = _layer.ProjSize > 0 ? state[$"weight_hr_l{l}"].ReadOnlyData.ToArray() : [];
        }
    }

    /// <summary>Kernel threads of each step (fixed at construction, so steps repeat exactly).</summary>
    public int Threads { get; }

    /// <summary>Sets every state to zero.</summary>
    public void Reset()
    {
        foreach (var h in _h) Array.Clear(h);
        foreach (var c in _c) Array.Clear(c);
    }

    /// <summary>The hidden state of layer <paramref name="layer"/> [B, Hout] (writable: set it to start elsewhere).</summary>
    public Span<float> Hidden(int layer) => _h[CheckLayer(layer, _h.Length, "Hidden")];

    /// <summary>The cell state of layer <paramref name="layer"/> [B, H] (LSTM).</summary>
    public Span<float> Cell(int layer) => _c[CheckLayer(layer, _c.Length, "Cell")];

    private static int CheckLayer(int layer, int layers, string what) => (uint)layer < (uint)layers
        ? layer
        : throw new ArgumentOutOfRangeException(nameof(layer), layer, $"RecurrentStepper.{what}: layer must be in [0, {layers}).");

    /// <summary>One step: x [B, I] in, the last layer's new h [B, Hout] out; every layer's state advances.</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> output)
    {
        int I = _layer.InputSize, H = _layer.HiddenSize, hout = _layer.HOut, P = _layer.ProjSize, g = _g;
        if (x.Length != _batch * I)
            throw new ArgumentException($"RecurrentStepper.Step: x must have B x I = {_batch} x {I} = {_batch * I} values, got {x.Length}.");
        if (output.Length != _batch * hout)
            throw new ArgumentException($"RecurrentStepper.Step: output must have B x Hout = {_batch * hout} values, got {output.Length}.");
        int threads = Threads;
        var kind = _layer.Kind;
        for (int b = 0; b < _batch; b++)
        {
            ReadOnlySpan<float> input = x.Slice(b * I, I);
            for (int l = 0; l < _layer.NumLayers; l++)
            {
                int inSize = l == 0 ? I : hout, k = inSize + hout;
                var h = _h[l].AsSpan(b * hout, hout);
                input.CopyTo(_xh);
                h.CopyTo(_xh.AsSpan(inSize));
                _bias[l].CopyTo(_gates.AsSpan());
                if (kind == CellKind.Gru)
                {
                    // n's recurrent part r * (W_hn h + b_hn) needs W_hn h on its own: both products in one parallel region.
                    _bhn[l].CopyTo(_ghn.AsSpan());
                    Gemv.Multiply2(_w[l], g, k, _xh.AsSpan(0, k), _gates, _whhN[l], H, hout, _xh.AsSpan(inSize, hout), _ghn,
                        accumulate: true, threads);
                }
                else
                {
                    Gemv.Multiply(_w[l], g, k, _xh.AsSpan(0, k), _gates, accumulate: true, threads);
                }
                switch (kind)
                {
                    case CellKind.Lstm:
                    {
                        var c = _c[l].AsSpan(b * H, H);
                        LstmKernels.Activate(_gates, c, _raw, H);
                        if (P > 0) Gemv.Multiply(_whr[l], P, H, _raw, h, accumulate: false, threads);
                        else _raw.AsSpan(0, H).CopyTo(h);
                        break;
                    }
                    case CellKind.Gru:
                    {
                        GruKernels.ForwardFolded(_gates, _ghn, _act, h, H);
                        break;
                    }
                    default:
                        _gates.AsSpan(0, H).CopyTo(h);
                        RnnKernels.Activate(h, kind == CellKind.RnnRelu);
                        break;
                }
                input = h;
            }
            input.CopyTo(output.Slice(b * hout, hout));
        }
    }
}
