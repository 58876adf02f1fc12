// RecurrentStage: a whole Rnn/Lstm/Gru (all layers and directions) over full-length sequences from zero
// initial states, on reusable fused kernels: every layer and direction keeps its saved activations,
// scratch and packed weights between steps. x [T, B, I] (or [B, T, I] batch-first) -> [T, B, D*Hout].
// Batch-first input and output are transposed to and from time-major buffers. In inference (training =
// false) the kernels save nothing and no gradient buffer exists.
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
    private readonly float[] _h0, _c0, _dhN, _dcN;
    private readonly float[][] _hN, _cN;      // per direction (the final states are not used)
    private readonly float[] _dxReverse;      // the reverse direction's dX when directions run in parallel
    private readonly DirectionsJob _job;
    private float[]? _input, _dxFirst;        // time-major input copy and its gradient (time-major layers)

    public RecurrentStage(RecurrentLayer layer, int[] inputShape, bool training)
        : base(inputShape, OutShape(layer, inputShape), training)
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
            _dOutputs[l] = !training ? [] : layer.BatchFirst || l < layer.NumLayers - 1 ? new float[rows * width] : DOutput;
        }
        _xTm = layer.BatchFirst ? new float[rows * layer.InputSize] : [];
        _dxTm = layer.BatchFirst && training ? new float[rows * layer.InputSize] : [];
        _h0 = new float[_b * _hout];
        _dhN = training ? new float[_b * _hout] : [];
        bool lstm = layer.Kind == CellKind.Lstm;
        _c0 = lstm ? new float[_b * layer.HiddenSize] : [];
        _dcN = lstm && training ? new float[_b * layer.HiddenSize] : [];
        _hN = new float[_dirs][];
        _cN = new float[_dirs][];
        for (int d = 0; d < _dirs; d++)
        {
            _hN[d] = new float[_b * _hout];
            _cN[d] = lstm ? new float[_b * layer.HiddenSize] : [];
        }
        _dxReverse = _dirs == 2 && training ? new float[rows * Math.Max(layer.InputSize, width)] : [];
        _job = new DirectionsJob(this);
    }

    /// <summary>Both directions of one layer at once, one per core, each single-threaded.</summary>
    private sealed class DirectionsJob(RecurrentStage owner) : IParallelWork
    {
        public int Layer;
        public bool Backward;
        public float[] X = [];
        public float[] DX = [];
        public bool HasDX;

        public void Execute(int part)
        {
            if (Backward)
            {
                var dX = HasDX ? (part == 0 ? DX : owner._dxReverse).AsSpan(0, X.Length) : default;
                owner.BackwardDirection(Layer, part, X, dX, threads: 1);
            }
            else
            {
                owner.ForwardDirection(Layer, part, X, threads: 1);
            }
        }
    }

    private bool Parallel(int threads) => _dirs == 2 && threads >= 2 && WorkerPool.Shared.MaxParts >= 2;

    private void ForwardDirection(int l, int d, ReadOnlySpan<float> x, int threads)
    {
        bool lstm = _layer.Kind == CellKind.Lstm;
        _fused[l][d].Forward(x, _h0, lstm ? _c0 : default, Spans(l, d), _outputs[l], _dirs * _hout, d * _hout,
            _hN[d], lstm ? _cN[d] : default, save: Training, threads);
    }

    private void BackwardDirection(int l, int d, ReadOnlySpan<float> x, Span<float> dX, int threads, bool clear = true)
    {
        var layer = _layer;
        bool lstm = layer.Kind == CellKind.Lstm;
        bool bias = layer.Bias, proj = layer.ProjSize > 0;
        var w = layer.WeightsOf(l, d);
        if (!dX.IsEmpty && clear) dX.Clear();
        var grads = new RecurrentGradSpans
        {
            DX = dX,
            DWIh = GradOf(w[0]),
            DWHh = GradOf(w[1]),
            DBIh = bias ? GradOf(w[2]) : default,
            DBHh = bias ? GradOf(w[3]) : default,
            DWHr = proj ? GradOf(w[bias ? 4 : 2]) : default,
        };
        _fused[l][d].Backward(x, Spans(l, d), _dOutputs[l], _dirs * _hout, d * _hout, _dhN, lstm ? _dcN : default, grads, threads);
    }

    private static int[] OutShape(RecurrentLayer layer, int[] inputShape) =>
        [inputShape[0], inputShape[1], layer.Directions * layer.HOut];

    public override void Forward(ReadOnlySpan<float> input, int threads)
    {
        var layer = _layer;
        float[] x;
        if (layer.BatchFirst)
        {
            SwapBatchAndTime(input, _xTm, _b, _t, layer.InputSize);
            x = _xTm;
        }
        else if (Training || Parallel(threads))
        {
            // Kept for Backward, and the parallel job needs an array.
            x = _input ??= new float[input.Length];
            input.CopyTo(x);
        }
        else
        {
            // Inference on one core: the first layer reads the caller's input directly.
            for (int d = 0; d < _dirs; d++) ForwardDirection(0, d, input, threads);
            ForwardLayers(_outputs[0], 1, threads);
            return;
        }
        ForwardLayers(x, 0, threads);
    }

    private void ForwardLayers(float[] x, int first, int threads)
    {
        var layer = _layer;
        int width = _dirs * _hout;
        for (int l = first; l < layer.NumLayers; l++)
        {
            if (Parallel(threads))
            {
                _job.Layer = l;
                _job.Backward = false;
                _job.X = x;
                WorkerPool.Shared.Run(_job, 2);
            }
            else
            {
                for (int d = 0; d < _dirs; d++) ForwardDirection(l, d, x, threads);
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
        float[] x0 = layer.BatchFirst ? _xTm : _input!;
        for (int l = layer.NumLayers - 1; l >= 0; l--)
        {
            float[] x = l == 0 ? x0 : _outputs[l - 1];
            bool hasDX = l > 0 || !dInput.IsEmpty;
            float[] dX = l > 0 ? _dOutputs[l - 1] : layer.BatchFirst ? _dxTm : _dxFirst ??= new float[x0.Length];
            if (Parallel(threads))
            {
                _job.Layer = l;
                _job.Backward = true;
                _job.X = x;
                _job.DX = dX;
                _job.HasDX = hasDX;
                WorkerPool.Shared.Run(_job, 2);
                if (hasDX) TensorPrimitives.Add(dX.AsSpan(0, x.Length), _dxReverse.AsSpan(0, x.Length), dX.AsSpan(0, x.Length));
            }
            else
            {
                var target = hasDX ? dX.AsSpan(0, x.Length) : default;
                if (hasDX) target.Clear();
                for (int d = 0; d < _dirs; d++) BackwardDirection(l, d, x, target, threads, clear: false);
            }
        }
        if (!dInput.IsEmpty)
        {
            if (layer.BatchFirst) SwapBatchAndTime(_dxTm, dInput, _t, _b, layer.InputSize);
            else _dxFirst.AsSpan(0, dInput.Length).CopyTo(dInput);
        }
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
