// Translator: a trained Seq2Seq model as a public API: translate text (greedy or beam search), score pairs
// (BLEU-4, exact match), save and load as task "translate" (Applications/TaskModelFile).
using System.Diagnostics;
using Recur.Autograd;
using Recur.Tensors;

namespace Recur.Applications.Translation;

/// <summary>Translates with a trained <see cref="Seq2Seq"/> model.</summary>
public sealed class Translator
{
    /// <summary>Wraps a (trained) model.</summary>
    public Translator(Seq2Seq model)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
    }

    /// <summary>The network.</summary>
    public Seq2Seq Model { get; }

    /// <summary>Vocabularies, architecture and limits.</summary>
    public TranslationConfig Config => Model.Config;

    /// <summary>The longest source sentence (in tokens) the model takes: the training filter's limit.</summary>
    public int MaxLength => Config.Filter.MaxLength;

    /// <summary>Most tokens a translation may have (the limit plus slack of 2).</summary>
    public int MaxOutputLength => MaxLength + 2;

    /// <summary>
    /// Translates one sentence with beam width <paramref name="beam"/> (1 = greedy). A sentence longer than
    /// <see cref="MaxLength"/> is an ArgumentException, or with <paramref name="truncate"/> is cut to its first
    /// <see cref="MaxLength"/> tokens and reported through <paramref name="warn"/>.
    /// </summary>
    public TranslationOutput Translate(string text, int beam = 1, bool truncate = false, double lengthNormalization = 1.0, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = PairsFile.Tokenize(text);
        if (tokens.Length == 0) throw new ArgumentException("nothing to translate: the text has no words.");
        if (tokens.Length > MaxLength)
        {
            if (!truncate)
                throw new ArgumentException(
                    $"the sentence \"{Shorten(text)}\" has {tokens.Length} tokens, more than this model's limit of {MaxLength} " +
                    $"(it was trained on sentences of at most {MaxLength} tokens). Shorten it, or pass --truncate to translate its first {MaxLength} tokens.");
            warn?.Invoke($"warning: \"{Shorten(text)}\" has {tokens.Length} tokens; translating its first {MaxLength} (the model's limit).");
            tokens = tokens[..MaxLength];
        }
        var hyp = Decode(Config.SourceVocabulary.Encode(tokens), beam, lengthNormalization);
        return new TranslationOutput(tokens, Config.TargetVocabulary.Decode(hyp.Tokens), hyp.Attention, hyp.LogProbability);
    }

    /// <summary>Greedy search for width 1, beam search otherwise, over source token indices.</summary>
    public Hypothesis Decode(int[] source, int beam, double lengthNormalization = 1.0)
        => beam == 1 ? Decoding.Greedy(Model, source, MaxOutputLength) : Decoding.Beam(Model, source, beam, MaxOutputLength, lengthNormalization);

    /// <summary>
    /// BLEU-4 and exact match over the distinct source sentences of <paramref name="pairs"/>, each translated
    /// once and scored against all its translations in <paramref name="pairs"/>. Sources longer than
    /// <see cref="MaxLength"/> are an ArgumentException (filter them first, see <see cref="EvaluateFile"/>).
    /// </summary>
    public TranslationScore Evaluate(IReadOnlyList<SentencePair> pairs, int beam, double lengthNormalization = 1.0)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0) throw new ArgumentException("no pairs to evaluate.");
        var clock = Stopwatch.StartNew();
        var groups = Group(pairs);
        var hyps = new List<IReadOnlyList<string>>(groups.Count);
        var refs = new List<IReadOnlyList<IReadOnlyList<string>>>(groups.Count);
        int exact = 0;
        foreach (var (source, references) in groups)
        {
            if (source.Length > MaxLength)
                throw new ArgumentException($"a source sentence has {source.Length} tokens, more than this model's limit of {MaxLength}.");
            var tokens = Config.TargetVocabulary.Decode(Decode(Config.SourceVocabulary.Encode(source), beam, lengthNormalization).Tokens);
            hyps.Add(tokens);
            refs.Add(references);
            if (references.Any(r => r.SequenceEqual(tokens, StringComparer.Ordinal))) exact++;
        }
        return new TranslationScore(beam, Bleu.Corpus(hyps, refs), (double)exact / groups.Count, groups.Count, pairs.Count, clock.Elapsed.TotalSeconds)
        {
            LengthNormalization = lengthNormalization,
        };
    }

    /// <summary>
    /// Reads a pairs file, keeps the pairs the model's training filter keeps (<paramref name="skipped"/>
    /// counts the others) and scores them as <see cref="Evaluate"/> does.
    /// </summary>
    public TranslationScore EvaluateFile(string path, int sourceColumn, int targetColumn, int beam, out int skipped, double lengthNormalization = 1.0)
    {
        var all = PairsFile.Read(path, sourceColumn, targetColumn, Config.Columns == (sourceColumn, targetColumn)
            ? $"the columns the model was trained on (source {sourceColumn}, target {targetColumn})" : null);
        var kept = all.Where(Config.Filter.Keep).ToList();
        skipped = all.Count - kept.Count;
        if (kept.Count == 0)
            throw new InvalidDataException(
                $"{path}: none of its {all.Count} pairs passes the model's filter (at most {MaxLength} tokens a side" +
                (Config.Filter.Prefixes.Length > 0 ? $", one side starting with {string.Join(" / ", Config.Filter.Prefixes.Take(4))} ..." : "") +
                (Config.Columns == (sourceColumn, targetColumn)
                    ? $"). The model reads source column {sourceColumn} and target column {targetColumn}, as it was trained; is this file laid out the same way?"
                    : "). Are --source-column and --target-column right?"));
        return Evaluate(kept, beam, lengthNormalization);
    }

    /// <summary>Held-out loss (nats per target token, teacher forced) of <paramref name="pairs"/>.</summary>
    public double Loss(IReadOnlyList<SentencePair> pairs, int batch = 64)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        using var _ = GradMode.NoGrad();
        double sum = 0;
        long count = 0;
        var generator = new Generator(0);
        for (int i = 0; i < pairs.Count; i += batch)
        {
            var chunk = pairs.Skip(i).Take(batch).ToList();
            var (sources, targets) = Encode(chunk);
            int tokens = targets.Sum(t => t.Length + 1);
            sum += Model.Loss(sources, targets, 1f, generator).Item() * tokens;
            count += tokens;
        }
        return sum / Math.Max(count, 1);
    }

    /// <summary>Source and target token indices of <paramref name="pairs"/> (unknown tokens map to &lt;unk&gt;).</summary>
    public (List<int[]> Sources, List<int[]> Targets) Encode(IEnumerable<SentencePair> pairs)
    {
        var sources = new List<int[]>();
        var targets = new List<int[]>();
        foreach (var p in pairs)
        {
            sources.Add(Config.SourceVocabulary.Encode(p.SourceTokens));
            targets.Add(Config.TargetVocabulary.Encode(p.TargetTokens));
        }
        return (sources, targets);
    }

    /// <summary>Writes the model (task "translate", configuration, weights) atomically.</summary>
    public void Save(string path) => TaskModelFile.Save(path, TranslationConfig.TaskName, Config.ToJson(), Model);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static Translator Load(string path) => FromTaskModel(TaskModelFile.Load(path));

    /// <summary>Rebuilds the translator from a loaded task model file (which must be a "translate" model).</summary>
    public static Translator FromTaskModel(TaskModel file)
    {
        ArgumentNullException.ThrowIfNull(file);
        file.Expect(TranslationConfig.TaskName);
        var model = file.Build(() => new Seq2Seq(TranslationConfig.FromJson(file.ConfigJson), new Generator(0)));
        file.LoadInto(model);
        model.Eval();
        return new Translator(model);
    }

    /// <summary>Distinct source sentences in order of first appearance, each with all its reference token lists.</summary>
    public static List<(string[] Source, List<IReadOnlyList<string>> References)> Group(IEnumerable<SentencePair> pairs)
    {
        var order = new List<(string[] Source, List<IReadOnlyList<string>> References)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in pairs)
        {
            if (!index.TryGetValue(p.SourceKey, out int i))
            {
                i = order.Count;
                index[p.SourceKey] = i;
                order.Add((p.SourceTokens, new List<IReadOnlyList<string>>()));
            }
            order[i].References.Add(p.TargetTokens);
        }
        return order;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
