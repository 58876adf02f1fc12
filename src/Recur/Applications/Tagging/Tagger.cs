// Tagger: the sequence-labelling application's library API. Train reads CoNLL-U training (and dev)
// sentences, builds the vocabularies (words seen >= MinCount times, lowercased; every training character;
// the tags), and trains a TaggerNetwork with Adam on the masked cross-entropy of the tags: batches of
// sentences of similar length (sorted with random tie-breaks, batch order shuffled each epoch), word
// dropout to <unk> so unknown words are learnt, and a cosine learning rate fitted to the epochs or the time
// budget. A trained tagger tags tokenised or raw text, evaluates on any CoNLL-U file (accuracy beside the
// most-frequent-tag baseline) and is saved as a "tag" task model (TaskModelFile).
using System.Diagnostics;
using System.Text.RegularExpressions;
using Recur.Autograd;
using Recur.Losses;
using Recur.Optim;
using Recur.Tasks;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Applications.Tagging;

/// <summary>A trained part-of-speech (or any per-word) tagger with its vocabularies.</summary>
public sealed partial class Tagger
{
    /// <summary>The task name in model files.</summary>
    public const string TaskName = "tag";

    /// <summary>Words longer than this are spelt to the character LSTM by their first and last half of it.</summary>
    public const int MaxWordChars = 24;

    private const int Unknown = 1, EvalBatch = 64;

    private readonly Dictionary<string, int> _wordIds;
    private readonly Dictionary<char, int> _charIds;

    private Tagger(TaggerConfig config, TaggerNetwork network)
    {
        Config = config;
        Network = network;
        _wordIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < config.Words.Length; i++) _wordIds[config.Words[i]] = i + 2;
        _charIds = [];
        for (int i = 0; i < config.Chars.Length; i++)
            if (config.Chars[i].Length == 1) _charIds[config.Chars[i][0]] = i + 2;
    }

    /// <summary>The saved configuration (vocabularies, sizes, baseline lexicon).</summary>
    public TaggerConfig Config { get; }

    /// <summary>The network.</summary>
    public TaggerNetwork Network { get; }

    /// <summary>Trains on <see cref="TaggerOptions.Data"/> and reports the evaluation figures; writes the model when <see cref="TaggerOptions.Out"/> is set.</summary>
    public static TaggerResult Train(TaggerOptions o, IProgressReporter? progress = null, CancellationToken cancel = default) =>
        TrainTagger(o, progress, cancel).Result;

    /// <summary>As <see cref="Train"/>, also returning the trained tagger.</summary>
    public static (Tagger Tagger, TaggerResult Result) TrainTagger(TaggerOptions o, IProgressReporter? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.Validate();
        var train = ConllU.Read(o.Data);
        List<TaggedSentence> dev;
        string devName;
        if (o.Dev != null)
        {
            dev = ConllU.Read(o.Dev);
            devName = o.Dev;
        }
        else
        {
            if (train.Count < 2) throw new InvalidDataException($"{o.Data}: one sentence cannot be split into training and held-out sentences; give --dev.");
            int held = Math.Max(1, train.Count / 10);
            dev = train.GetRange(train.Count - held, held);
            train = train.GetRange(0, train.Count - held);
            devName = $"the last {held} sentences of {o.Data} (held out)";
        }
        var config = BuildConfig(train, o);
        var init = new Generator(o.Seed);
        var network = new TaggerNetwork(config.Words.Length + 2, config.Chars.Length + 2, config.Tags.Length, o.WordDim, o.CharDim,
            o.CharHidden, o.Hidden, o.Layers, o.Dropout, init);
        var tagger = new Tagger(config, network);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in train)
            foreach (var w in s.Words)
                counts[w.ToLowerInvariant()] = counts.GetValueOrDefault(w.ToLowerInvariant()) + 1;
        var tagIds = config.Tags.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        var encoded = train.Select(s => (Words: s.Words, Counts: s.Words.Select(w => counts[w.ToLowerInvariant()]).ToArray(),
            Tags: s.Tags.Select(t => tagIds[t]).ToArray())).ToArray();

        var optimizer = new Adam(network.Parameters(), o.LearningRate);
        var budget = o.Minutes is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        var trainer = new Trainer(network.NamedParameters(), optimizer)
        {
            ClipGradNorm = o.Clip,
            Progress = progress,
            TimeBudget = budget,
            ReportEpochTotal = budget == null || o.Epochs < TaggerOptions.MaxEpochs, // the budget, not the cap, ends such a run
        };
        trainer.Callbacks.Add(new CancelCallback(cancel));
        var data = new Generator(o.Seed + 1);
        int batchesPerEpoch = (encoded.Length + o.Batch - 1) / o.Batch;
        long plannedSteps = (long)o.Epochs * batchesPerEpoch;
        var clock = Stopwatch.StartNew();
        IEnumerable<int[]> Epoch(int epoch)
        {
            // Sentences sorted by length with random tie-breaks, cut into batches, batches in random order.
            var keys = encoded.Select((s, i) => (s.Words.Length + data.NextDouble(), i)).OrderBy(k => k.Item1).Select(k => k.i).ToArray();
            var batches = new List<int[]>();
            for (int i = 0; i < keys.Length; i += o.Batch) batches.Add(keys[i..Math.Min(keys.Length, i + o.Batch)]);
            var order = batches.ToArray();
            data.Shuffle(order.AsSpan());
            return order;
        }
        trainer.Run(o.Epochs, Epoch, batch =>
        {
            double fraction = Math.Max((double)trainer.Context.Step / plannedSteps, budget is { } b ? clock.Elapsed / b : 0);
            optimizer.Lr = (float)(o.LearningRate * (0.05 + 0.95 * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(fraction, 0, 1)))));
            network.Train();
            var sentences = batch.Select(i => encoded[i]).ToList();
            var inputs = tagger.Encode(sentences.Select(s => s.Words).ToList(), (w, k, c) =>
                o.WordDropout > 0 && data.NextDouble() < o.WordDropout / (o.WordDropout + sentences[k].Counts[c]));
            var logits = network.Forward(inputs.WordIds, inputs.TypeOf, inputs.TypeChars, inputs.TypeLengths, inputs.Lengths, inputs.MaxLength);
            var targets = new int[inputs.WordIds.Length];
            var mask = Tensor.Zeros(sentences.Count, inputs.MaxLength);
            var m = mask.Data;
            for (int k = 0; k < sentences.Count; k++)
                for (int t = 0; t < sentences[k].Tags.Length; t++)
                {
                    targets[k * inputs.MaxLength + t] = sentences[k].Tags[t];
                    m[k * inputs.MaxLength + t] = 1;
                }
            return new StepResult(Loss.CrossEntropy(logits, targets, mask), inputs.Lengths.Sum());
        }, _ => new Dictionary<string, double> { ["dev_accuracy"] = tagger.Evaluate(dev).Accuracy }, batchesPerEpoch);
        double seconds = clock.Elapsed.TotalSeconds;
        var report = tagger.Evaluate(dev);
        if (o.Out != null) tagger.Save(o.Out);
        int epochs = trainer.Context.Epoch + (trainer.Context.StopReason != null && trainer.Context.Epoch < o.Epochs ? 1 : 0);
        var result = new TaggerResult(train.Count, train.Sum(s => s.Words.Length), report, devName, Math.Min(epochs, o.Epochs),
            trainer.Context.Step, seconds, trainer.Context.StopReason);
        return (tagger, result);
    }

    private static TaggerConfig BuildConfig(List<TaggedSentence> train, TaggerOptions o)
    {
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var chars = new HashSet<char>();
        var tagCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var formTags = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var s in train)
            for (int i = 0; i < s.Words.Length; i++)
            {
                string w = s.Words[i], lower = w.ToLowerInvariant();
                wordCounts[lower] = wordCounts.GetValueOrDefault(lower) + 1;
                foreach (char c in w) chars.Add(c);
                tagCounts[s.Tags[i]] = tagCounts.GetValueOrDefault(s.Tags[i]) + 1;
                if (!formTags.TryGetValue(w, out var byTag)) formTags[w] = byTag = new Dictionary<string, int>(StringComparer.Ordinal);
                byTag[s.Tags[i]] = byTag.GetValueOrDefault(s.Tags[i]) + 1;
            }
        static string Most(Dictionary<string, int> counts) =>
            counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
        return new TaggerConfig
        {
            Words = wordCounts.Where(p => p.Value >= o.MinCount).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray(),
            Chars = chars.Order().Select(c => c.ToString()).ToArray(),
            Tags = tagCounts.Keys.Order(StringComparer.Ordinal).ToArray(),
            WordDim = o.WordDim, CharDim = o.CharDim, CharHidden = o.CharHidden, Hidden = o.Hidden, Layers = o.Layers,
            Lexicon = formTags.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => Most(p.Value), StringComparer.Ordinal),
            DefaultTag = Most(tagCounts),
        };
    }

    /// <summary>The network inputs of a batch of sentences (see <see cref="TaggerNetwork.Forward"/>).</summary>
    private readonly record struct Inputs(int[] WordIds, int[] TypeOf, int[] TypeChars, int[] TypeLengths, int[] Lengths, int MaxLength);

    /// <summary>Encodes sentences; <paramref name="dropWord"/>(word, sentence, position) replaces a known word by &lt;unk&gt;.</summary>
    private Inputs Encode(IReadOnlyList<string[]> sentences, Func<string, int, int, bool>? dropWord = null)
    {
        int b = sentences.Count, maxLength = sentences.Max(s => s.Length);
        var wordIds = new int[b * maxLength];
        var typeOf = new int[b * maxLength];
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        var spellings = new List<string>();
        for (int k = 0; k < b; k++)
            for (int t = 0; t < sentences[k].Length; t++)
            {
                string w = sentences[k][t];
                int id = _wordIds.GetValueOrDefault(w.ToLowerInvariant(), Unknown);
                if (id != Unknown && dropWord != null && dropWord(w, k, t)) id = Unknown;
                wordIds[k * maxLength + t] = id;
                if (!types.TryGetValue(w, out int type))
                {
                    types[w] = type = spellings.Count;
                    spellings.Add(w.Length <= MaxWordChars ? w : string.Concat(w.AsSpan(0, MaxWordChars / 2), w.AsSpan(w.Length - MaxWordChars / 2)));
                }
                typeOf[k * maxLength + t] = type;
            }
        int lc = spellings.Max(s => s.Length);
        var typeChars = new int[spellings.Count * lc];
        var typeLengths = new int[spellings.Count];
        for (int i = 0; i < spellings.Count; i++)
        {
            typeLengths[i] = spellings[i].Length;
            for (int j = 0; j < spellings[i].Length; j++) typeChars[i * lc + j] = _charIds.GetValueOrDefault(spellings[i][j], Unknown);
        }
        return new Inputs(wordIds, typeOf, typeChars, typeLengths, sentences.Select(s => s.Length).ToArray(), maxLength);
    }

    /// <summary>The tag of every word of each sentence (sentences need at least one word; words must be non-empty).</summary>
    public string[][] Tag(IReadOnlyList<string[]> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var result = new string[sentences.Count][];
        foreach (var s in sentences)
            if (s.Any(string.IsNullOrEmpty)) throw new ArgumentException("tag: words must be non-empty.");
        var order = Enumerable.Range(0, sentences.Count).Where(i => sentences[i].Length > 0).OrderBy(i => sentences[i].Length).ToArray();
        for (int i = 0; i < sentences.Count; i++)
            if (sentences[i].Length == 0) result[i] = [];
        bool training = Network.Training;
        Network.Eval();
        int k = Config.Tags.Length;
        for (int start = 0; start < order.Length; start += EvalBatch)
        {
            var part = order[start..Math.Min(order.Length, start + EvalBatch)];
            var inputs = Encode(part.Select(i => sentences[i]).ToList());
            Tensor logits;
            using (GradMode.NoGrad())
                logits = Network.Forward(inputs.WordIds, inputs.TypeOf, inputs.TypeChars, inputs.TypeLengths, inputs.Lengths, inputs.MaxLength);
            var data = logits.ReadOnlyData;
            for (int j = 0; j < part.Length; j++)
            {
                var tags = new string[sentences[part[j]].Length];
                for (int t = 0; t < tags.Length; t++)
                    tags[t] = Config.Tags[System.Numerics.Tensors.TensorPrimitives.IndexOfMax(data.Slice((j * inputs.MaxLength + t) * k, k))];
                result[part[j]] = tags;
            }
        }
        Network.Train(training);
        return result;
    }

    /// <summary>Splits raw text into words (punctuation apart, English clitics like n't and 's apart) and tags them.</summary>
    public (string Word, string Tag)[] Tag(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = Tokenize(text);
        if (words.Length == 0) throw new ArgumentException("tag: the text has no words.");
        var tags = Tag([words])[0];
        return words.Select((w, i) => (w, tags[i])).ToArray();
    }

    /// <summary>
    /// Simple English word splitting: runs of letters/digits and their combining marks (with inner '.', ',', '-',
    /// '\'' as in U.S., 3,000, e-mail), "n't" and 's/'re/'ve/'ll/'d/'m clitics apart (as UD does), every other
    /// symbol alone. A final period stays on an abbreviation with inner periods (U.S.) and on an initial before
    /// a capitalised word (George W. Bush); otherwise it is a token of its own (Plan B. -> B .).
    /// </summary>
    public static string[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        foreach (Match m in WordPattern().Matches(text))
        {
            string w = m.Value;
            var clitic = CliticPattern().Match(w);
            if (clitic.Success && clitic.Index > 0)
            {
                words.Add(w[..clitic.Index]);
                words.Add(w[clitic.Index..]);
            }
            else words.Add(w);
        }
        return words.ToArray();
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:['’.,\-][\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*(?:\.(?<=\.\p{Lu}\.)|\.(?<=(?<![\p{L}\p{N}\p{M}.'’,\-])\p{Lu}\.)(?=\s+\p{Lu}))?|[^\s\p{L}\p{N}\p{M}]\p{M}*", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"(?i)(n['’]t|['’](s|re|ve|ll|d|m))$", RegexOptions.CultureInvariant)]
    private static partial Regex CliticPattern();

    /// <summary>Token accuracy on <paramref name="sentences"/> beside the most-frequent-tag baseline.</summary>
    public TaggingReport Evaluate(IReadOnlyList<TaggedSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (sentences.Count == 0) throw new ArgumentException("tag: nothing to evaluate (no sentences).");
        var predicted = Tag(sentences.Select(s => s.Words).ToList());
        int tokens = 0, right = 0, baseline = 0, unknown = 0, unknownRight = 0;
        for (int i = 0; i < sentences.Count; i++)
            for (int t = 0; t < sentences[i].Words.Length; t++)
            {
                string w = sentences[i].Words[t], gold = sentences[i].Tags[t];
                bool ok = predicted[i][t] == gold;
                tokens++;
                if (ok) right++;
                if (Config.Lexicon.GetValueOrDefault(w, Config.DefaultTag) == gold) baseline++;
                if (!_wordIds.ContainsKey(w.ToLowerInvariant()))
                {
                    unknown++;
                    if (ok) unknownRight++;
                }
            }
        return new TaggingReport(sentences.Count, tokens, (double)right / tokens, (double)baseline / tokens, unknown,
            unknown == 0 ? double.NaN : (double)unknownRight / unknown);
    }

    /// <summary>As <see cref="Evaluate(IReadOnlyList{TaggedSentence})"/> for a CoNLL-U file.</summary>
    public TaggingReport Evaluate(string conlluPath) => Evaluate(ConllU.Read(conlluPath));

    /// <summary>Writes the model (weights + configuration) atomically.</summary>
    public void Save(string path) => TaskModelFile.Save(path, TaskName, Config.ToJson(), Network);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static Tagger Load(string path) => FromTaskModel(TaskModelFile.Load(path));

    /// <summary>Rebuilds a tagger from a loaded task model (errors name the file).</summary>
    public static Tagger FromTaskModel(TaskModel loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        loaded.Expect(TaskName);
        var c = loaded.Build(() => TaggerConfig.Parse(loaded.ConfigJson, loaded.Path));
        var network = loaded.Build(() => new TaggerNetwork(c.Words.Length + 2, c.Chars.Length + 2, c.Tags.Length, c.WordDim, c.CharDim,
            c.CharHidden, c.Hidden, c.Layers, 0f, new Generator(0)));
        loaded.LoadInto(network);
        network.Eval();
        return new Tagger(c, network);
    }
}
