// TaggerNetwork: the BiLSTM tagger (after Plank, Søgaard & Goldberg 2016). Each word is a word embedding
// [E] concatenated with the final states of a character BiLSTM run over its characters [2 Hc] (so unknown
// words still get a representation from their spelling); a BiLSTM over the sentence (per-sentence lengths,
// padding never read) gives [B, T, 2 H]; a Linear layer scores the K tags.
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Applications.Tagging;

/// <summary>Word embedding + character BiLSTM word encoder + sentence BiLSTM + Linear.</summary>
public sealed class TaggerNetwork : Module
{
    private readonly Embedding _words, _chars;
    private readonly Lstm _charLstm, _lstm;
    private readonly Linear _head;
    private readonly Generator _dropoutGenerator;

    /// <summary>Creates the network; parameters drawn from <paramref name="generator"/>.</summary>
    public TaggerNetwork(int words, int chars, int tags, int wordDim, int charDim, int charHidden, int hidden, int layers,
        float dropout, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Dropout = dropout;
        _words = RegisterModule("word_embedding", new Embedding(words, wordDim, paddingIndex: 0, generator: generator));
        _chars = RegisterModule("char_embedding", new Embedding(chars, charDim, paddingIndex: 0, generator: generator));
        _charLstm = RegisterModule("char_lstm", new Lstm(charDim, charHidden, 1, batchFirst: true, bidirectional: true, generator: generator));
        _lstm = RegisterModule("lstm", new Lstm(wordDim + 2 * charHidden, hidden, layers, batchFirst: true, bidirectional: true,
            dropout: layers > 1 ? dropout : 0f, generator: generator));
        _head = RegisterModule("head", new Linear(2 * hidden, tags, generator: generator));
        _dropoutGenerator = new Generator(generator.NextUInt64());
    }

    /// <summary>Dropout on the word representations and before the head (training only).</summary>
    public float Dropout { get; }

    /// <summary>
    /// Tag logits [B, T, K]. <paramref name="wordIds"/> [B*T] (row-major, 0 = padding); <paramref name="typeOf"/>
    /// [B*T]: the row of <paramref name="typeChars"/> spelling each position; <paramref name="typeChars"/> [W*Lc]
    /// character ids of the W distinct words of the batch, each padded to Lc with 0, their lengths in
    /// <paramref name="typeLengths"/> [W]; <paramref name="lengths"/> [B] words per sentence.
    /// </summary>
    public Tensor Forward(int[] wordIds, int[] typeOf, int[] typeChars, int[] typeLengths, int[] lengths, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(wordIds);
        ArgumentNullException.ThrowIfNull(typeOf);
        ArgumentNullException.ThrowIfNull(typeChars);
        ArgumentNullException.ThrowIfNull(typeLengths);
        ArgumentNullException.ThrowIfNull(lengths);
        int b = lengths.Length, types = typeLengths.Length, lc = typeChars.Length / types;
        var chars = _chars.Forward(typeChars, [types, lc]);
        var (_, hN, _) = _charLstm.Forward(chars, null, typeLengths);
        var spelled = Tensor.Concat([hN[0], hN[1]], 1); // [W, 2 Hc]
        var byPosition = Tensor.Embedding(spelled, typeOf, [b, maxLength]);
        var x = Tensor.Concat([_words.Forward(wordIds, [b, maxLength]), byPosition], 2);
        x = Tensor.Dropout(x, Dropout, _dropoutGenerator, Training);
        var (output, _, _) = _lstm.Forward(x, null, lengths);
        output = Tensor.Dropout(output, Dropout, _dropoutGenerator, Training);
        return _head.Forward(output);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => "dropout=" + Repr.Float(Dropout);
}
