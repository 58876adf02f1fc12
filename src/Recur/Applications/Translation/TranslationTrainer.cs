// TranslationTrainer: `recur train translate` as a library call. Pairs pass the short-sentence filter
// (PairFilter), are split by source sentence (TranslationSplit), vocabularies are learned from the training
// side only, and the Seq2Seq model trains with Adam, gradient-norm clipping and teacher forcing at the
// given ratio on shuffled batches. After training the held-out side is scored with greedy search and with
// beam search (BLEU-4, exact match), also when the time budget or Ctrl-C stopped training early.
using System.Diagnostics;
using Recur.Optim;
using Recur.Tasks;
using Recur.Tensors;
using Recur.Text;
using Recur.Training;

namespace Recur.Applications.Translation;

/// <summary>Trains a <see cref="Translator"/> on sentence pairs.</summary>
public static class TranslationTrainer
{
    /// <summary>Trains on <paramref name="pairs"/> and returns the held-out figures; saves to <see cref="TranslationOptions.Out"/> when set.</summary>
    public static TranslationResult Train(IReadOnlyList<SentencePair> pairs, TranslationOptions options, IProgressReporter? progress = null,
        Action<string>? log = null, CancellationToken cancel = default)
        => Train(pairs, options, progress, log, cancel, out _);

    /// <summary>As the overload without <paramref name="translator"/>, also giving the trained model.</summary>
    public static TranslationResult Train(IReadOnlyList<SentencePair> pairs, TranslationOptions options, IProgressReporter? progress, Action<string>? log,
        CancellationToken cancel, out Translator translator)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(options);
        var o = options;
        o.Validate();
        var total = Stopwatch.StartNew();
        var kept = pairs.Where(o.Filter.Keep).ToList();
        if (kept.Count == 0)
            throw new InvalidDataException(
                $"none of the {pairs.Count} pairs passes the filter (at most {o.Filter.MaxLength} tokens a side" +
                (o.Filter.Prefixes.Length > 0 ? ", one side starting with a prefix such as 'i am'); use --prefixes none to drop the prefix condition" : ")") +
                ", or raise --max-length.");
        var (train, heldOut) = TranslationSplit.Split(kept, o.HeldOutFraction, o.Seed);
        log?.Invoke($"{pairs.Count} pairs read, {kept.Count} pass the filter: {train.Count} train, {heldOut.Count} held out ({Translator.Group(heldOut).Count} distinct source sentences)");

        var sourceVocab = Vocabulary.Build(train.Select(p => p.SourceTokens), o.MinCount, withPad: true, withUnknown: true);
        var targetVocab = new Vocabulary(
            new[] { Vocabulary.PadToken, Vocabulary.UnknownToken, TranslationConfig.BosToken, TranslationConfig.EosToken }
                .Concat(Vocabulary.Build(train.Select(p => p.TargetTokens), o.MinCount, withPad: false, withUnknown: false).Tokens
                    .Where(t => t is not (Vocabulary.PadToken or Vocabulary.UnknownToken or TranslationConfig.BosToken or TranslationConfig.EosToken))));
        var config = new TranslationConfig(o.Cell, o.Embed, o.Hidden, o.Bidirectional, o.Attention, o.Filter, sourceVocab, targetVocab) 
        {
            Columns = o.Columns,
            Beam = o.Beam,
            LengthNormalization = o.LengthNormalization,
        };
        // Checked now, not when the beam search first runs after training (which would lose the trained model).
        int candidates = Decoding.Candidates(targetVocab);
        if (o.Beam > candidates)
            throw new ArgumentException(
                $"--beam {o.Beam} is wider than the target vocabulary ({candidates} tokens that can be output, <pad> and <bos> left out); use a width of at most {candidates}.");
        var model = new Seq2Seq(config, new Generator(o.Seed));
        var result = new Translator(model);
        translator = result;
        var (sources, targets) = result.Encode(train);

        var optimizer = new Adam(model.Parameters(), o.LearningRate);
        var shuffle = new Generator(o.Seed + 1);
        var forcing = new Generator(o.Seed + 2);
        int batchesPerEpoch = (train.Count + o.Batch - 1) / o.Batch;
        int epochs = o.Epochs ?? (o.Minutes != null ? 100_000 : 30);
        var trainer = new Trainer(model.NamedParameters(), optimizer)
        {
            ReportEpochTotal = o.Epochs != null || o.Minutes == null,
            ClipGradNorm = o.Clip,
            Progress = progress,
            TimeBudget = o.Minutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
        };
        trainer.Callbacks.Add(new CancelCallback(cancel));
        var clock = Stopwatch.StartNew();
        var history = trainer.Run(epochs, _ => Batches(train.Count, o.Batch, shuffle), batch =>
        {
            model.Train();
            var loss = model.Loss(batch.Select(i => sources[i]).ToList(), batch.Select(i => targets[i]).ToList(), o.TeacherForcing, forcing);
            return new StepResult(loss, batch.Length);
        }, null, batchesPerEpoch);
        double trainSeconds = clock.Elapsed.TotalSeconds;
        model.Eval();
        // Saved before the held-out evaluation, so that nothing after training can lose the trained model.
        if (o.Out != null) result.Save(o.Out);
        var losses = history["loss"];
        double trainLoss = losses.Length > 0 ? losses[^1] : double.NaN;

        double heldOutLoss = result.Loss(heldOut);
        var greedy = result.Evaluate(heldOut, 1);
        // Width 1 is greedy search; its score still records the model's length normalisation, as recur eval reports it.
        var beam = o.Beam == 1 ? greedy with { LengthNormalization = o.LengthNormalization } : result.Evaluate(heldOut, o.Beam, o.LengthNormalization);
        var samples = Translator.Group(heldOut).Take(5).Select(g => new TranslationSample(PairsFile.Detokenize(g.Source), PairsFile.Detokenize(g.References[0]),
            PairsFile.Detokenize(config.TargetVocabulary.Decode(result.Decode(config.SourceVocabulary.Encode(g.Source), o.Beam, o.LengthNormalization).Tokens)))).ToList();
        return new TranslationResult(pairs.Count, train.Count, heldOut.Count, sourceVocab.Count, targetVocab.Count, model.ParameterCount(),
            trainer.Context.Epoch, trainer.Context.Step, trainLoss, heldOutLoss, greedy, beam, samples, trainSeconds, total.Elapsed.TotalSeconds,
            trainer.Context.StopReason);
    }

    private static IEnumerable<int[]> Batches(int count, int batch, Generator shuffle)
    {
        var order = Enumerable.Range(0, count).ToArray();
        shuffle.Shuffle(order.AsSpan());
        for (int i = 0; i < count; i += batch) yield return order[i..Math.Min(count, i + batch)];
    }
}
