// RecurrentStage: a whole Rnn/Lstm/Gru (all layers and directions) over full-length sequences from zero
// initial states, on reusable fused kernels: every layer and direction keeps its saved activations,
// scratch and packed weights between steps. x [T, B, I] (or [B, T, I] batch-first) -> [T, B, D*Hout].
// Batch-first input and output are transposed to and from time-major buffers.
using Recur.Kernels;
using Recur.Layers;

namespace Recur.Training.Plan;

internal sealed class RecurrentStage : PlanStage
{
    private readonly RecurrentLayer _layer;
    private readonly int _t, _b, _dirs, _hout;
    private readonly FusedRecurrence[][] _fused;
    private readonly float[][] _outputs;      // per layer, time-major [T*B, D*Hout]
    private readonly float[][] _dOutputs;     // gradient of each layer's output (the last is the stage's, time-major)
    private readonly float[] _xTm, _dxTm;     // time-major input and its gradient (batch-first only)
    private readonly float[] _h0, _c0, _hN, _cN, _dhN, _dcN;

    public RecurrentStage(RecurrentLayer layer, int[] inputShape)
        : base(inputShape, OutShape(layer, inputShape))
    {
        _layer = layer;
        _dirs = layer.Directions;
        _hout = layer.HOut;
        (_t, _b) = layer.BatchFirst ? (inputShape[1], inputShape[0]) : (inputShape[0], inputShape[1]);
        int width = _dirs * _hout, rows = _t * _b;
        _fused = new FusedRecurrence[layer.NumLayers][];
        _outputs = new float[layer.NumLayers][];
        _dOutputs = new float[layer.NumLayers][];
        for (int l = 0; l < layer.NumLayers; l++)
        {
            int input = l == 0 ? layer.InputSize : width;
            _fused[l] = new FusedRecurrence[_dirs];
            for (int d = 0; d < _dirs; d++)
                _fused[l][d] = new FusedRecurrence(layer.Kind, _t, _b, input, layer.HiddenSize, layer.ProjSize, reverse: d == 1, lengths: null, reusable: true);
            _outputs[l] = layer.BatchFirst || l < layer.NumLayers - 1 ? new float[rows * width] : Output;
            _dOutputs[l] = layer.BatchFirst || l < layer.NumLayers - 1 ? new float[rows * width] : DOutput;
        }
        _xTm = layer.BatchFirst ? new float[rows * layer.InputSize] : [];
        _dxTm = layer.BatchFirst ? new float[rows * layer.InputSize] : [];
        _h0 = new float[_b * _hout];
        _hN = new float[_b * _hout];
        _dhN = new float[_b * _hout];
        bool lstm = layer.Kind == CellKind.Lstm;
        _c0 = lstm ? new float[_b * layer.HiddenSize] : [];
        _cN = lstm ? new float[_b * layer.HiddenSize] : [];
        _dcN = lstm ? new float[_b * layer.HiddenSize] : [];
    }

    private static int[] OutShape(RecurrentLayer layer, int[] inputShape) =>
        [inputShape[0], inputShape[1], layer.Directions * layer.HOut];

    public override void Forward(ReadOnlySpan<float> input, int threads)
    {
        var layer = _layer;
        ReadOnlySpan<float> x = input;
        if (layer.BatchFirst)
        {
            SwapBatchAndTime(input, _xTm, _b, _t, layer.InputSize);
            x = _xTm;
        }
        int width = _dirs * _hout;
        bool lstm = layer.Kind == CellKind.Lstm;
        for (int l = 0; l < layer.NumLayers; l++)
        {
            for (int d = 0; d < _dirs; d++)
            {
                _fused[l][d].Forward(x, _h0, lstm ? _c0 : default, Spans(l, d), _outputs[l], width, d * _hout,
                    _hN, lstm ? _cN : default, save: true, threads);
            }
            x = _outputs[l];
        }
        if (layer.BatchFirst) SwapBatchAndTime(_outputs[^1], Output, _t, _b, width);
    }

    public override void Backward(ReadOnlySpan<float> input, Span<float> dInput, int threads)
    {
        var layer = _layer;
        int width = _dirs * _hout;
        if (layer.BatchFirst) SwapBatchAndTime(DOutput, _dOutputs[^1], _b, _t, width);
        ReadOnlySpan<float> x0 = layer.BatchFirst ? _xTm : input;
        bool lstm = layer.Kind == CellKind.Lstm;
        bool bias = layer.Bias, proj = layer.ProjSize > 0;
        for (int l = layer.NumLayers - 1; l >= 0; l--)
        {
            ReadOnlySpan<float> x = l == 0 ? x0 : _outputs[l - 1];
            Span<float> dX = l > 0 ? _dOutputs[l - 1] : dInput.IsEmpty ? default : layer.BatchFirst ? _dxTm : dInput;
            dX.Clear();
            for (int d = 0; d < _dirs; d++)
            {
                var w = layer.WeightsOf(l, d);
                var grads = new RecurrentGradSpans
                {
                    DX = dX,
                    DWIh = GradOf(w[0]),
                    DWHh = GradOf(w[1]),
                    DBIh = bias ? GradOf(w[2]) : default,
                    DBHh = bias ? GradOf(w[3]) : default,
                    DWHr = proj ? GradOf(w[bias ? 4 : 2]) : default,
                };
                _fused[l][d].Backward(x, Spans(l, d), _dOutputs[l], width, d * _hout, _dhN, lstm ? _dcN : default, grads, threads);
            }
        }
        if (layer.BatchFirst && !dInput.IsEmpty) SwapBatchAndTime(_dxTm, dInput, _t, _b, layer.InputSize);
    }

    private RecurrentWeightSpans Spans(int l, int d)
    {
        var w = _layer.WeightsOf(l, d);
        bool bias = _layer.Bias;
        return new RecurrentWeightSpans
        {
            WIh = w[0].ReadOnlyData,
            WHh = w[1].ReadOnlyData,
            BIh = bias ? w[2].ReadOnlyData : default,
            BHh = bias ? w[3].ReadOnlyData : default,
            WHr = _layer.ProjSize > 0 ? w[bias ? 4 : 2].ReadOnlyData : default,
        };
    }

    /// <summary>[A, C, F] -> [C, A, F].</summary>
    private static void SwapBatchAndTime(ReadOnlySpan<float> src, Span<float> dst, int a, int c, int f)
    {
        for (int i = 0; i < a; i++)
            for (int j = 0; j < c; j++)
                src.Slice((i * c + j) * f, f).CopyTo(dst.Slice((j * a + i) * f, f));
    }

    public override void Dispose()
    {
        foreach (var layer in _fused)
            foreach (var f in layer) f.Dispose();
    }
}
