// TextGenerator: samples text from a LanguageModel one token at a time with carried state: the prime is
// read once, then each step embeds the last token, advances the recurrent layers by one step
// (Layers/RecurrentStepper, which snapshots the weights and allocates nothing per step), projects the
// top hidden state to logits and samples the next token with temperature and top-k from an explicit
// seeded Generator. The prefix is never re-read. Sampling: p_i proportional to exp(z_i / temperature)
// over the k largest logits (all when k = 0); temperature 0 picks the most likely token. The unknown
// and padding tokens are never produced.
// Legend: E embedding, H hidden, V vocabulary.
using Recur.Kernels;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Applications.LanguageModeling;

/// <summary>Streams sampled tokens from a <see cref="LanguageModel"/>.</summary>
public sealed class TextGenerator
{
    private readonly LanguageModel _model;
    private readonly RecurrentStepper _stepper;
    private readonly Generator _random;
    private readonly float[] _embedding; // [V, E]
    private readonly float[] _head;      // [V, H]
    private readonly float[] _bias;      // [V]
    private readonly float[] _x, _h, _logits, _sorted;
    private readonly bool[] _banned;
    private readonly int _e, _hidden, _v;
    private int _last = -1;

    /// <summary>Creates a generator over <paramref name="model"/>'s current weights, sampling from <paramref name="random"/>.</summary>
    public TextGenerator(LanguageModel model, Generator random)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        _model = model;
        _random = random;
        _stepper = new RecurrentStepper(model.Recurrent);
        _e = model.Config.Embed;
        _hidden = model.Config.Hidden;
        _v = model.Vocabulary.Count;
        _embedding = model.Embedding.Weight.ToArray();
        _head = model.Head.Weight.ToArray();
        _bias = model.Head.Bias?.ToArray() ?? new float[_v];
        _x = new float[_e];
        _h = new float[_hidden];
        _logits = new float[_v];
        _sorted = new float[_v];
        _banned = new bool[_v];
        if (model.Vocabulary.UnknownIndex >= 0) _banned[model.Vocabulary.UnknownIndex] = true;
        if (model.Vocabulary.PadIndex >= 0) _banned[model.Vocabulary.PadIndex] = true;
        if (_banned.All(b => b)) throw new ArgumentException("the model's vocabulary has no token that can be generated.");
    }

    /// <summary>The logits [V] of the next token after the tokens fed so far.</summary>
    public ReadOnlySpan<float> Logits => _logits;

    /// <summary>Forgets everything fed so far (zero state).</summary>
    public void Reset()
    {
        _stepper.Reset();
        _last = -1;
    }

    /// <summary>Encodes <paramref name="prime"/> and feeds it; returns its token indices (see <see cref="Encode"/>).</summary>
    public int[] Prime(string prime)
    {
        var ids = Encode(prime);
        foreach (var id in ids) Feed(id);
        return ids;
    }

    /// <summary>
    /// The token indices of <paramref name="prime"/>, checked but not fed. An empty prime is a newline (or the
    /// most frequent token when the vocabulary has no newline). A character prime with a character the model
    /// never saw is an ArgumentException naming it.
    /// </summary>
    public int[] Encode(string prime)
    {
        ArgumentNullException.ThrowIfNull(prime);
        var vocab = _model.Vocabulary;
        var tokens = _model.Config.Tokens.Tokenize(prime);
        if (tokens.Length == 0)
            tokens = [vocab.Contains("\n") ? "\n" : vocab.Tokens.First(t => !_banned[vocab.IndexOf(t)])];
        if (_model.Config.Tokens == TokenUnit.Char)
        {
            foreach (var t in tokens)
                if (!vocab.Contains(t))
                    throw new ArgumentException($"--prime: the character '{t}' (U+{char.ConvertToUtf32(t, 0):X4}) is not in the model's vocabulary of {vocab.Count} tokens; leave it out.");
        }
        return vocab.Encode(tokens);
    }

    /// <summary>Advances the state by one token and computes the next token's logits (no allocation).</summary>
    public void Feed(int token)
    {
        if ((uint)token >= (uint)_v) throw new ArgumentOutOfRangeException(nameof(token), token, $"token index must lie in [0, {_v}).");
        _embedding.AsSpan(token * _e, _e).CopyTo(_x);
        _stepper.Step(_x, _h);
        _bias.CopyTo(_logits, 0);
        Gemv.Multiply(_head, _v, _hidden, _h, _logits, accumulate: true, Threading.MaxThreads);
        _last = token;
    }

    /// <summary>
    /// Samples the next token from the current logits with <paramref name="temperature"/> (0: the most likely)
    /// and top-<paramref name="topK"/> (0: all tokens), without feeding it.
    /// </summary>
    public int Sample(float temperature, int topK = 0)
    {
        if (_last < 0) throw new InvalidOperationException("feed at least one token (Prime or Feed) before sampling.");
        if (!(temperature >= 0f) || float.IsInfinity(temperature)) throw new ArgumentException($"--temperature must be 0 or positive, got {temperature}.");
        if (topK < 0) throw new ArgumentException($"--top-k must be 0 (off) or positive, got {topK}.");
        int best = -1;
        for (int i = 0; i < _v; i++)
            if (!_banned[i] && (best < 0 || _logits[i] > _logits[best])) best = i;
        if (temperature == 0f || topK == 1) return best;
        float threshold = float.NegativeInfinity;
        if (topK > 0 && topK < _v)
        {
            for (int i = 0; i < _v; i++) _sorted[i] = _banned[i] ? float.NegativeInfinity : _logits[i];
            Array.Sort(_sorted);
            threshold = _sorted[_v - topK];
        }
        float max = _logits[best];
        double sum = 0;
        for (int i = 0; i < _v; i++)
            if (!_banned[i] && _logits[i] >= threshold) sum += Math.Exp((_logits[i] - max) / temperature);
        double u = _random.NextDouble() * sum, acc = 0;
        int last = best;
        for (int i = 0; i < _v; i++)
        {
            if (_banned[i] || _logits[i] < threshold) continue;
            acc += Math.Exp((_logits[i] - max) / temperature);
            last = i;
            if (u < acc) return i;
        }
        return last;
    }

    /// <summary>
    /// Feeds <paramref name="prime"/>, then samples <paramref name="length"/> tokens, handing each to
    /// <paramref name="emit"/> (with the separator that goes before it) as soon as it is drawn.
    /// </summary>
    public void Generate(string prime, int length, float temperature, int topK, Action<string, string> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        if (length < 0) throw new ArgumentException($"--length must be non-negative, got {length}.");
        var ids = Prime(prime);
        string? previous = _model.Vocabulary[ids[^1]];
        var unit = _model.Config.Tokens;
        for (int n = 0; n < length; n++)
        {
            int next = Sample(temperature, topK);
            string token = _model.Vocabulary[next];
            emit(unit.Separator(previous, token), token);
            previous = token;
            if (n + 1 < length) Feed(next);
        }
    }
}
