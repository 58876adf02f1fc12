// HierarchicalEncoder: a two-level recurrent encoder of documents (Yang et al. 2016, "Hierarchical Attention
// Networks for Document Classification"). A word-level recurrent layer reads each sentence's words and pools
// them into a sentence vector; a sentence-level recurrent layer reads a document's sentence vectors and pools
// them into a document vector. Pooling is each sequence's last real step (of each direction, as
// LastTimeStep(bidirectional) takes it) or additive attention over the real steps (AttentionPooling, as in
// the paper). Padding never enters either recurrence: only real sentences go through the word level (their
// rows gathered with IndexSelect), and both levels run with their lengths.
// Legend: B documents, S sentences per document (padded), W words per sentence (padded), E word features,
// Dw = word directions x word HOut, Ds = sentence directions x sentence HOut.
using Recur.Layers.Attention;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>Words [B, S, W, E] -> sentence outputs [B, S, Ds] and document vectors [B, Ds].</summary>
public sealed class HierarchicalEncoder : Module
{
    private readonly AttentionPooling? _wordAttention, _sentenceAttention;

    /// <summary>
    /// Builds the encoder from a word-level and a sentence-level recurrent layer, both batch-first; the sentence
    /// layer's input size must be the word layer's output width (directions x HOut). With
    /// <see cref="HierarchicalPooling.Attention"/>, each level gets an <see cref="AttentionPooling"/> of
    /// <paramref name="attentionSize"/> units (parameters "word_attention.*" and "sentence_attention.*").
    /// </summary>
    public HierarchicalEncoder(RecurrentLayer wordEncoder, RecurrentLayer sentenceEncoder,
        HierarchicalPooling pooling = HierarchicalPooling.Last, int attentionSize = 100, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(wordEncoder);
        ArgumentNullException.ThrowIfNull(sentenceEncoder);
        if (!wordEncoder.BatchFirst || !sentenceEncoder.BatchFirst)
            throw new ArgumentException("HierarchicalEncoder: both recurrent layers must be batch-first (batchFirst: true).");
        int wordWidth = wordEncoder.Directions * wordEncoder.HOut;
        if (sentenceEncoder.InputSize != wordWidth)
            throw new ArgumentException(
                $"HierarchicalEncoder: the sentence encoder's input size is {sentenceEncoder.InputSize}, but the word encoder outputs {wordWidth} features a step; make them equal.");
        if (pooling == HierarchicalPooling.Attention && attentionSize < 1)
            throw new ArgumentOutOfRangeException(nameof(attentionSize), attentionSize, "HierarchicalEncoder: attentionSize must be at least 1.");
        WordEncoder = RegisterModule("word_encoder", wordEncoder);
        SentenceEncoder = RegisterModule("sentence_encoder", sentenceEncoder);
        Pooling = pooling;
        if (pooling == HierarchicalPooling.Attention)
        {
            _wordAttention = RegisterModule("word_attention", new AttentionPooling(wordWidth, attentionSize, generator));
            _sentenceAttention = RegisterModule("sentence_attention",
                new AttentionPooling(sentenceEncoder.Directions * sentenceEncoder.HOut, attentionSize, generator));
        }
    }

    /// <summary>The word-level layer (reads each sentence's words).</summary>
    public RecurrentLayer WordEncoder { get; }

    /// <summary>The sentence-level layer (reads each document's sentence vectors).</summary>
    public RecurrentLayer SentenceEncoder { get; }

    /// <summary>How each level pools its outputs.</summary>
    public HierarchicalPooling Pooling { get; }

    /// <summary>Ds: features of a sentence output and of the document vector.</summary>
    public int OutputSize => SentenceEncoder.Directions * SentenceEncoder.HOut;

    /// <summary>
    /// Encodes <paramref name="x"/> [B, S, W, E] (E = the word encoder's input size) with
    /// <paramref name="wordLengths"/> [B * S] (row-major: document b's sentence s at b * S + s), each sentence's
    /// real words in 0..W. A document's sentences are its first ones with a length above 0; its padding
    /// sentences (length 0) come after them, and every document has at least one sentence.
    /// Returns the sentence encoder's outputs [B, S, Ds] (zero past each document's sentences) and the
    /// document vectors [B, Ds].
    /// </summary>
    public (Tensor Sentences, Tensor Document) Forward(Tensor x, int[] wordLengths)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(wordLengths);
        int e = WordEncoder.InputSize;
        if (x.Rank != 4 || x.Size(3) != e)
            throw new ArgumentException($"HierarchicalEncoder: expected words [B, S, W, {e}], got {Shapes.Format(x.Shape)}.");
        int b = x.Size(0), s = x.Size(1), w = x.Size(2);
        if (b == 0 || s == 0 || w == 0)
            throw new ArgumentException($"HierarchicalEncoder: expected at least one document, sentence and word, got {Shapes.Format(x.Shape)}.");
        if (wordLengths.Length != b * s)
            throw new ArgumentException($"HierarchicalEncoder: expected {b * s} word lengths (B x S = {b} x {s}), got {wordLengths.Length}.");
        var sentenceCounts = new int[b];
        int real = 0;
        for (int d = 0; d < b; d++)
        {
            int count = 0;
            for (int i = 0; i < s; i++)
            {
                int length = wordLengths[d * s + i];
                if (length < 0 || length > w)
                    throw new ArgumentException($"HierarchicalEncoder: sentence {i} of document {d} has length {length}, outside 0..{w}.");
                if (length > 0 && count < i)
                    throw new ArgumentException(
                        $"HierarchicalEncoder: document {d} has a sentence of {length} words (sentence {i}) after an empty one; padding sentences go after the real ones.");
                if (length > 0) count++;
            }
            if (count == 0) throw new ArgumentException($"HierarchicalEncoder: document {d} has no sentence with words.");
            sentenceCounts[d] = count;
            real += count;
        }

        // The real sentences only, in document order: [N, W, E].
        var rows = new int[real];
        var lengths = new int[real];
        var slot = new int[b * s]; // where each (document, sentence) finds its vector: a real row, or the zero row N
        for (int i = 0, n = 0; i < b * s; i++)
        {
            if (wordLengths[i] > 0)
            {
                rows[n] = i;
                lengths[n] = wordLengths[i];
                slot[i] = n++;
            }
            else
            {
                slot[i] = real;
            }
        }
        var sentences = x.Reshape(b * s, w, e).IndexSelect(0, rows);
        var (wordOutputs, _, _) = WordEncoder.ForwardStates(sentences, lengths: lengths);          // [N, W, Dw]
        var sentenceVectors = Pool(wordOutputs, lengths, WordEncoder, _wordAttention);            // [N, Dw]

        // Back into document layout, padding sentences as zero vectors: [B, S, Dw].
        int dw = sentenceVectors.Size(1);
        var withZero = Tensor.Concat([sentenceVectors, Tensor.Zeros(1, dw)], 0);
        var documents = withZero.IndexSelect(0, slot).Reshape(b, s, dw);
        var (sentenceOutputs, _, _) = SentenceEncoder.ForwardStates(documents, lengths: sentenceCounts); // [B, S, Ds]
        var documentVectors = Pool(sentenceOutputs, sentenceCounts, SentenceEncoder, _sentenceAttention);
        return (sentenceOutputs, documentVectors);
    }

    private static Tensor Pool(Tensor outputs, int[] lengths, RecurrentLayer layer, AttentionPooling? attention) =>
        attention != null
            ? attention.Forward(outputs, lengths).Pooled
            : new LastTimeStep(layer.Bidirectional).Forward(outputs, lengths);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"pooling={Pooling.ToString().ToLowerInvariant()}";
}
