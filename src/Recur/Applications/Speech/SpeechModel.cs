// SpeechModel: the acoustic model. Features [B, T, D] -> channels-first -> Conv1d(D, C, 5, pad 2) ReLU
// MaxPool(2) -> Conv1d(C, C, 3, pad 1) ReLU MaxPool(2) -> bidirectional GRU (batch-first, per-sample
// lengths) over T' = floor(floor(T/2)/2) steps -> a Linear head: on the concatenated final states of both
// directions (classify: logits [B, K]) or on every step (ctc: log-probabilities [B, T', V + 1], blank 0).
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Applications.Speech;

/// <summary>CNN front end + bidirectional GRU + Linear head.</summary>
public sealed class SpeechModel : Module
{
    private readonly Conv1d _conv1, _conv2;
    private readonly MaxPool1d _pool = new(2);
    private readonly Gru _gru;
    private readonly Linear _head;
    private readonly Generator _dropoutGenerator;

    /// <summary>Creates the model; parameters drawn from <paramref name="generator"/>.</summary>
    public SpeechModel(SpeechMode mode, int featureDim, int outputs, int channels, int hidden, int layers, float dropout, Generator generator)
    {
        Mode = mode;
        Dropout = dropout;
        _conv1 = RegisterModule("conv1", new Conv1d(featureDim, channels, 5, padding: 2, generator: generator));
        RegisterModule("pool", _pool); // after each convolution; no parameters, so the state_dict is unchanged
        _conv2 = RegisterModule("conv2", new Conv1d(channels, channels, 3, padding: 1, generator: generator));
        _gru = RegisterModule("gru", new Gru(channels, hidden, layers, batchFirst: true, bidirectional: true,
            dropout: layers > 1 ? dropout : 0f, generator: generator));
        _head = RegisterModule("head", new Linear(2 * hidden, outputs, generator: generator));
        _dropoutGenerator = new Generator(generator.NextUInt64());
    }

    /// <summary>The objective the head serves.</summary>
    public SpeechMode Mode { get; }

    /// <summary>Dropout before the head (training only).</summary>
    public float Dropout { get; }

    /// <summary>The smallest number of frames the front end accepts.</summary>
    public const int MinFrames = 4;

    /// <summary>T' for an input of <paramref name="frames"/> frames.</summary>
    public int OutputLength(int frames) => Math.Max(1, _pool.OutputLength(_conv2.OutputLength(_pool.OutputLength(_conv1.OutputLength(frames)))));

    /// <summary>
    /// x [B, T, D] (zero-padded, T &gt;= <see cref="MinFrames"/>) with per-sample frame counts -> classify: logits
    /// [B, K]; ctc: log-probabilities [B, T', V + 1]. Also returns the per-sample T'.
    /// </summary>
    public (Tensor Output, int[] Lengths) Forward(Tensor x, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(lengths);
        var h = x.SwapAxes(1, 2);
        h = _pool.Forward(_conv1.Forward(h).Relu());
        h = _pool.Forward(_conv2.Forward(h).Relu());
        h = h.SwapAxes(1, 2);
        var outLengths = lengths.Select(l => Math.Min(h.Size(1), OutputLength(l))).ToArray();
        var (output, hN) = _gru.Forward(h, null, outLengths);
        if (Mode == SpeechMode.Classify)
        {
            int last = 2 * _gru.NumLayers - 2;
            var summary = Tensor.Concat([hN[last], hN[last + 1]], 1);
            summary = Tensor.Dropout(summary, Dropout, _dropoutGenerator, Training);
            return (_head.Forward(summary), outLengths);
        }
        output = Tensor.Dropout(output, Dropout, _dropoutGenerator, Training);
        return (_head.Forward(output).LogSoftmax(-1), outLengths);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"mode={Mode.ToString().ToLowerInvariant()}, dropout={Repr.Float(Dropout)}";
}
