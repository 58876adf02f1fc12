// Seq2Seq: an attention encoder-decoder (Bahdanau et al. 2015; Luong et al. 2015 scoring options).
// Encoder: source embedding -> (bi)GRU/LSTM over the real steps (lengths) -> memory = Linear(D H -> H) of
// its outputs [B, S, H]; the decoder's first state is tanh(Linear(D H -> H)) of the final states.
// Decoder step t (fed its previous output token y_{t-1}, <bos> at t = 0):
//   (context, weights) = attention(query h_{t-1}, memory, lengths)
//   h_t = cell([embed(y_{t-1}); context], h_{t-1});  logits_t = Linear([h_t; context] -> V_target).
// Legend: B batch, S source steps, T target steps, E embedding, H hidden, D directions, V vocabulary.
using Recur.Kernels;
using Recur.Layers;
using Recur.Layers.Attention;
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Applications.Translation;

/// <summary>An encoded source batch: memory [B, S, H], projected keys (additive attention) and lengths [B].</summary>
/// <param name="Memory">Encoder outputs projected to H: [B, S, H].</param>
/// <param name="Keys">Additive attention's projected keys [B, S, H], else null.</param>
/// <param name="Lengths">Real source steps of each row.</param>
public sealed record EncodedSource(Tensor Memory, Tensor? Keys, int[] Lengths)
{
    /// <summary>Rows.</summary>
    public int Batch => Lengths.Length;

    /// <summary>The first <paramref name="rows"/> rows (beam search shrinks its batch as hypotheses finish).</summary>
    public EncodedSource Take(int rows) => rows == Batch ? this : new(Memory.Slice(0, 0, rows), Keys?.Slice(0, 0, rows), Lengths[..rows]);
}

/// <summary>The decoder's recurrent state: h [B, H] and, for an LSTM, c [B, H].</summary>
/// <param name="H">Hidden state [B, H].</param>
/// <param name="C">Cell state [B, H] (LSTM only).</param>
public readonly record struct DecoderState(Tensor H, Tensor? C);

/// <summary>Attention encoder-decoder over token indices.</summary>
public sealed class Seq2Seq : Module
{
    private readonly Embedding _sourceEmbedding;
    private readonly RecurrentLayer _encoder;
    private readonly Linear _memory;
    private readonly Linear _bridge;
    private readonly Linear? _bridgeCell;
    private readonly Embedding _targetEmbedding;
    private readonly GruCell? _gru;
    private readonly LstmCell? _lstm;
    private readonly IAttention _attention;
    private readonly Linear _output;

    /// <summary>Builds the model of <paramref name="config"/> with weights drawn from <paramref name="init"/>.</summary>
    public Seq2Seq(TranslationConfig config, Generator init)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(init);
        if (config.Cell is not (CellKind.Gru or CellKind.Lstm))
            throw new ArgumentException("--cell must be gru or lstm for translation.");
        if (config.Embed <= 0 || config.Hidden <= 0) throw new ArgumentException("--embed and --hidden must be positive.");
        Config = config;
        int e = config.Embed, h = config.Hidden, d = config.Bidirectional ? 2 : 1;
        var src = config.SourceVocabulary;
        var tgt = config.TargetVocabulary;
        _sourceEmbedding = RegisterModule("source_embedding", new Embedding(src.Count, e, src.PadIndex >= 0 ? src.PadIndex : null, init));
        RecurrentLayer encoder = config.Cell == CellKind.Lstm
            ? new Lstm(e, h, 1, batchFirst: true, bidirectional: config.Bidirectional, generator: init)
            : new Gru(e, h, 1, batchFirst: true, bidirectional: config.Bidirectional, generator: init);
        _encoder = RegisterModule("encoder", encoder);
        _memory = RegisterModule("memory", new Linear(d * h, h, generator: init));
        _bridge = RegisterModule("bridge", new Linear(d * h, h, generator: init));
        if (config.Cell == CellKind.Lstm) _bridgeCell = RegisterModule("bridge_cell", new Linear(d * h, h, generator: init));
        _targetEmbedding = RegisterModule("target_embedding", new Embedding(tgt.Count, e, tgt.PadIndex >= 0 ? tgt.PadIndex : null, init));
        if (config.Cell == CellKind.Lstm) _lstm = RegisterModule("decoder", new LstmCell(e + h, h, generator: init));
        else _gru = RegisterModule("decoder", new GruCell(e + h, h, generator: init));
        _attention = config.Attention switch
        {
            AttentionKind.Additive => RegisterModule("attention", new AdditiveAttention(h, h, h, init)),
            AttentionKind.Dot => RegisterModule("attention", new DotAttention(h, h, DotScoring.Dot, init)),
            _ => RegisterModule("attention", new DotAttention(h, h, DotScoring.General, init)),
        };
        _output = RegisterModule("output", new Linear(2 * h, tgt.Count, generator: init));
        Bos = tgt.IndexOf(TranslationConfig.BosToken);
        Eos = tgt.IndexOf(TranslationConfig.EosToken);
    }

    /// <summary>Architecture and vocabularies.</summary>
    public TranslationConfig Config { get; }

    /// <summary>Index of &lt;bos&gt; in the target vocabulary.</summary>
    public int Bos { get; }

    /// <summary>Index of &lt;eos&gt; in the target vocabulary.</summary>
    public int Eos { get; }

    /// <summary>
    /// Encodes source token indices (each 1..S long; padded to the longest) -> the attention memory and the
    /// decoder's first state.
    /// </summary>
    public (EncodedSource Source, DecoderState State) Encode(IReadOnlyList<int[]> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        int b = sources.Count;
        if (b == 0) throw new ArgumentException("Seq2Seq: no source sentences.");
        var lengths = new int[b];
        int s = 0;
        for (int i = 0; i < b; i++)
        {
            lengths[i] = sources[i].Length;
            if (lengths[i] == 0) throw new ArgumentException($"Seq2Seq: source sentence {i} is empty.");
            s = Math.Max(s, lengths[i]);
        }
        int pad = Math.Max(Config.SourceVocabulary.PadIndex, 0);
        var ids = new int[b * s];
        Array.Fill(ids, pad);
        for (int i = 0; i < b; i++) sources[i].CopyTo(ids, i * s);
        var x = _sourceEmbedding.Forward(ids, [b, s]);
        var (output, hN, cN) = _encoder.ForwardStates(x, lengths: lengths);
        var memory = _memory.Forward(output);
        var keys = _attention is AdditiveAttention additive ? additive.ProjectKeys(memory) : null;
        var h0 = _bridge.Forward(Final(hN, b)).Tanh();
        var c0 = _bridgeCell != null && cN != null ? _bridgeCell.Forward(Final(cN, b)).Tanh() : null;
        return (new EncodedSource(memory, keys, lengths), new DecoderState(h0, c0));
    }

    /// <summary>
    /// One decoder step: previous tokens [B] and state -> (logits [B, V], next state, attention weights [B, S]).
    /// </summary>
    public (Tensor Logits, DecoderState State, Tensor Weights) Step(EncodedSource source, int[] previous, DecoderState state)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(previous);
        int b = source.Batch;
        if (previous.Length != b) throw new ArgumentException($"Seq2Seq: {previous.Length} previous tokens for a batch of {b}.");
        var (context, weights) = _attention is AdditiveAttention additive
            ? additive.Forward(state.H, source.Memory, source.Keys!, source.Lengths)
            : _attention.Forward(state.H, source.Memory, source.Lengths);
        var input = Tensor.Concat([_targetEmbedding.Forward(previous, [b]), context], 1);
        DecoderState next;
        if (_lstm != null)
        {
            var (h, c) = _lstm.Forward(input, (state.H, state.C!));
            next = new DecoderState(h, c);
        }
        else
        {
            next = new DecoderState(_gru!.Forward(input, state.H), null);
        }
        var logits = _output.Forward(Tensor.Concat([next.H, context], 1));
        return (logits, next, weights);
    }

    /// <summary>
    /// Mean cross-entropy per target token (each target followed by &lt;eos&gt;) of a batch. At each step the
    /// decoder is fed the reference token with probability <paramref name="teacherForcing"/>, else its own
    /// most likely previous output (drawn per step from <paramref name="generator"/>).
    /// </summary>
    public Tensor Loss(IReadOnlyList<int[]> sources, IReadOnlyList<int[]> targets, float teacherForcing, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(generator);
        var (source, state) = Encode(sources);
        int b = source.Batch;
        if (targets.Count != b) throw new ArgumentException($"Seq2Seq: {targets.Count} targets for {b} sources.");
        int t = 0;
        foreach (var target in targets) t = Math.Max(t, target.Length + 1);
        int pad = Math.Max(Config.TargetVocabulary.PadIndex, 0);
        var gold = new int[b * t];
        Array.Fill(gold, pad);
        for (int i = 0; i < b; i++)
        {
            targets[i].CopyTo(gold, i * t);
            gold[i * t + targets[i].Length] = Eos;
        }
        var previous = new int[b];
        Array.Fill(previous, Bos);
        var steps = new Tensor[t];
        for (int k = 0; k < t; k++)
        {
            var (logits, next, _) = Step(source, previous, state);
            state = next;
            steps[k] = logits.Reshape(b, 1, logits.Size(1));
            bool teacher = teacherForcing >= 1f || generator.NextFloat() < teacherForcing;
            previous = new int[b];
            if (teacher)
            {
                for (int i = 0; i < b; i++) previous[i] = gold[i * t + k];
            }
            else
            {
                ArgMaxRows(logits.ReadOnlyData, logits.Size(1), previous);
            }
        }
        return new CrossEntropyLoss(ignoreIndex: pad).Compute(Tensor.Concat(steps, 1), gold);
    }

    /// <summary>Writes the index of each row's largest value (the first on a tie) into <paramref name="result"/>.</summary>
    internal static void ArgMaxRows(ReadOnlySpan<float> values, int columns, Span<int> result)
    {
        for (int r = 0; r < result.Length; r++)
        {
            var row = values.Slice(r * columns, columns);
            int best = 0;
            for (int j = 1; j < columns; j++)
            {
                if (row[j] > row[best]) best = j;
            }
            result[r] = best;
        }
    }

    private static Tensor Final(Tensor states, int batch)
    {
        // states [D, B, H] (one layer): the forward and, when bidirectional, backward final states side by side.
        int d = states.Size(0), h = states.Size(2);
        if (d == 1) return states.Reshape(batch, h);
        return Tensor.Concat([states.Slice(0, 0, 1).Reshape(batch, h), states.Slice(0, 1, 1).Reshape(batch, h)], 1);
    }
}
