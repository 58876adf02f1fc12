// TextClassifierNetwork: token ids -> class logits. Embedding (row 0 = padding, kept zero) -> dropout ->
// (bi)directional GRU/LSTM/RNN run with each text's length (padding never enters the recurrence) ->
// masked mean or attention pooling over the real steps -> dropout -> Linear to C logits.
// Legend: B batch, T steps, E embedding, H hidden, D directions, C classes.
using Recur.Kernels;
using Recur.Layers;
using Recur.Layers.Attention;
using Recur.Tensors;

namespace Recur.Applications.Classification;

/// <summary>Embedding + recurrent encoder + pooling + Linear: ids [B, T] -> logits [B, C].</summary>
public sealed class TextClassifierNetwork : Module
{
    private readonly Embedding _embedding;
    private readonly RecurrentLayer _encoder;
    private readonly AttentionPooling? _attention;
    private readonly Dropout _dropout;
    private readonly Linear _head;

    /// <summary>Builds the network for <paramref name="config"/>, drawing weights from <paramref name="generator"/>.</summary>
    public TextClassifierNetwork(ClassifierConfig config, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        int v = config.Tokens.Length, c = config.Labels.Length;
        _embedding = RegisterModule("embedding", new Embedding(v, config.Embed, paddingIndex: 0, generator: generator));
        _encoder = RegisterModule("encoder", (RecurrentLayer)(config.CellKind switch
        {
            CellKind.Lstm => new Lstm(config.Embed, config.Hidden, batchFirst: true, bidirectional: config.Bidirectional, generator: generator),
            CellKind.Gru => new Gru(config.Embed, config.Hidden, batchFirst: true, bidirectional: config.Bidirectional, generator: generator),
            _ => new Rnn(config.Embed, config.Hidden, batchFirst: true, bidirectional: config.Bidirectional, generator: generator),
        }));
        int features = config.Hidden * (config.Bidirectional ? 2 : 1);
        if (config.Pooling == Pooling.Attention)
            _attention = RegisterModule("attention", new AttentionPooling(features, config.AttentionSize, generator));
        _dropout = RegisterModule("dropout", new Dropout(config.Dropout, new Generator(generator.NextUInt64())));
        _head = RegisterModule("head", new Linear(features, c, generator: generator));
    }

    /// <summary>The configuration the network was built from.</summary>
    public ClassifierConfig Config { get; }

    /// <summary>
    /// ids [B * T] row-major (0 = padding), lengths [B] each in 1..T -> logits [B, C].
    /// </summary>
    public Tensor Forward(int[] ids, int batch, int steps, int[] lengths)
    {
        var x = _dropout.Forward(_embedding.Forward(ids, [batch, steps]));   // [B, T, E]
        var (output, _, _) = _encoder.ForwardStates(x, lengths: lengths);   // [B, T, D*H]
        var pooled = _attention != null ? _attention.Forward(output, lengths).Pooled : MaskedMean.Forward(output, lengths);
        return _head.Forward(_dropout.Forward(pooled));                      // [B, C]
    }
}
