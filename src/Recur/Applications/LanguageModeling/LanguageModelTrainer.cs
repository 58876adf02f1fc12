// LanguageModelTrainer: `recur train charlm` as a library call. The text is tokenised, split by position
// (the first 90% trains, the last 10% validates, as nanoGPT splits tiny-shakespeare), the vocabulary is
// learned from the training part only, and the model is trained with truncated BPTT: B contiguous streams
// read T steps at a time (Data/LanguageModelStream) with the recurrent state carried from one window to
// the next and detached at the boundary. Adam with gradient-norm clipping; the learning rate warms up
// linearly, then follows a cosine to a floor over the run's progress (steps of the epoch budget, or the
// elapsed share of the time budget, whichever is further along). Each epoch after the first starts at a
// fresh random offset in [0, T) so the window boundaries move. Validation scores the whole held-out part
// (LanguageModelEvaluator) at each epoch end, every --eval-every steps, and once after training, which
// always happens, also when the time budget or Ctrl-C stops training early.
using System.Diagnostics;
using System.Globalization;
using Recur.Data;
using Recur.Losses;
using Recur.Optim;
using Recur.Tasks;
using Recur.Tensors;
using Recur.Text;
using Recur.Training;

namespace Recur.Applications.LanguageModeling;

/// <summary>Trains a <see cref="LanguageModel"/> on a text.</summary>
public static class LanguageModelTrainer
{
    /// <summary>
    /// Trains on <paramref name="text"/> and returns the final figures; with <see cref="LanguageModelOptions.Out"/>
    /// the model is saved after the final evaluation. <paramref name="log"/> receives one line per periodic
    /// evaluation; <paramref name="cancel"/> stops after the current batch (with a checkpoint, when configured).
    /// </summary>
    public static LanguageModelResult Train(string text, LanguageModelOptions options, IProgressReporter? progress = null,
        Action<string>? log = null, CancellationToken cancel = default)
        => Train(text, options, progress, log, cancel, out _);

    /// <summary>As <see cref="Train(string, LanguageModelOptions, IProgressReporter?, Action{string}?, CancellationToken)"/>, also giving the trained model.</summary>
    public static LanguageModelResult Train(string text, LanguageModelOptions options, IProgressReporter? progress, Action<string>? log,
        CancellationToken cancel, out LanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var o = options;
        o.Validate();
        var total = Stopwatch.StartNew();
        var tokens = o.Tokens.Tokenize(text);
        int split = (int)(tokens.Length * (1 - o.ValidationFraction));
        int minTrain = o.Batch * 2;
        if (split < minTrain || tokens.Length - split < 2)
        {
            // The shortest text that passes the same test (the split rounds down, so no closed form is exact).
            int need = tokens.Length + 1;
            while ((int)(need * (1 - o.ValidationFraction)) < minTrain || need - (int)(need * (1 - o.ValidationFraction)) < 2) need++;
            throw new InvalidDataException(
                $"the text has {tokens.Length} {o.Tokens.Name()} tokens: too few to train on {o.Batch} streams and validate on the last {o.ValidationFraction:P0} " +
                $"(needs at least {need}). Give a longer text or a smaller --batch.");
        }
        var vocabulary = Vocabulary.Build([tokens.Take(split)], minCount: o.Tokens == TokenUnit.Word ? o.MinWordCount : 1,
            withPad: false, withUnknown: true);
        var ids = vocabulary.Encode(tokens);
        var trainIds = ids[..split];
        var valIds = ids[split..];

        var init = new Generator(o.Seed);
        var config = new LanguageModelConfig(o.Tokens, o.Cell, o.Embed, o.Hidden, o.Layers, o.Dropout, vocabulary);
        var lm = new LanguageModel(config, init, new Generator(o.Seed + 1));
        model = lm;
        var optimizer = new Adam(lm.Parameters(), o.LearningRate);
        var offsets = new Generator(o.Seed + 2);
        var checkpointer = o.Checkpoint == null ? null : new Checkpointer(o.Checkpoint, lm, optimizer);
        // Carried between windows (truncated BPTT) and kept in checkpoints, so that a run resumed mid-epoch
        // goes on from the state the interrupted one had, and a --minutes schedule from the time it had used.
        RecurrentState? state = null;
        var clock = new Stopwatch();
        var usedBefore = TimeSpan.Zero;
        if (checkpointer != null)
        {
            checkpointer.SaveExtraState = () => CarriedState(state, usedBefore + clock.Elapsed);
            checkpointer.RestoreExtraState = saved => (state, usedBefore) = RestoreCarriedState(saved);
            checkpointer.DataGenerators.Add("offsets", offsets);
            checkpointer.ModelGenerators.Add("dropout", lm.DropoutGenerator);
            checkpointer.ModelGenerators.Add("rnn_dropout", lm.RnnDropoutGenerator);
            checkpointer.Metadata["recur.task_config"] = config.ToJson();
            // Budgets (--epochs, --minutes) may change on resume; everything that shapes the steps may not.
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            foreach (var (name, value) in new[]
            {
                ("--tokens", o.Tokens.Name()), ("--cell", CellType.Name(o.Cell)), ("--hidden", o.Hidden.ToString(inv)), ("--layers", o.Layers.ToString(inv)),
                ("--embed", o.Embed.ToString(inv)), ("--dropout", o.Dropout.ToString("R", inv)), ("--seq-len", o.SeqLen.ToString(inv)),
                ("--batch", o.Batch.ToString(inv)), ("--lr", o.LearningRate.ToString("R", inv)), ("--min-lr-fraction", o.MinLearningRateFraction.ToString("R", inv)),
                ("--warmup", o.WarmupSteps.ToString(inv)), ("--clip", o.Clip.ToString("R", inv)), ("--seed", o.Seed.ToString(inv)),
            })
                checkpointer.Settings[name] = value;
            // The vocabulary comes from --data: resuming on another text could keep its size but reorder its
            // tokens, and the saved embedding and output rows would then belong to other tokens.
            checkpointer.Settings["--data vocabulary"] = VocabularyDigest(vocabulary);
        }
        int batchesPerEpoch = new LanguageModelStream(trainIds, o.Batch, o.SeqLen).BatchesPerEpoch;
        int epochs = o.Epochs ?? (o.Minutes != null ? 1000 : 10);
        var budget = o.Minutes is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        var trainer = new Trainer(lm.NamedParameters(), optimizer)
        {
            ReportEpochTotal = o.Epochs != null || o.Minutes == null,
            ClipGradNorm = o.Clip,
            Progress = progress,
            Checkpointer = checkpointer,
            TimeBudget = budget,
        };
        if (o.Resume && checkpointer != null && !checkpointer.TryResume(trainer.Context))
            throw new ArgumentException($"--resume: no checkpoint at {o.Checkpoint}.");
        // --minutes is the training time of the whole run, resumes included: its schedule and its end both count
        // the time used before the checkpoint.
        if (budget is { } whole && usedBefore > TimeSpan.Zero)
            trainer.TimeBudget = whole > usedBefore ? whole - usedBefore : TimeSpan.Zero;
        long tokensBefore = trainer.Context.Samples;
        trainer.Callbacks.Add(new CancelCallback(cancel, checkpointed: checkpointer != null));
        if (o.EvalEvery is { } every)
            trainer.Callbacks.Add(new PeriodicEvaluation(every, () => LanguageModelEvaluator.Evaluate(lm, valIds, o.EvalStreams), log));

        long? plannedSteps = o.Epochs != null ? (long)o.Epochs.Value * batchesPerEpoch : o.Minutes == null ? (long)epochs * batchesPerEpoch : null;
        var loss = new CrossEntropyLoss();
        clock.Start();
        trainer.Run(epochs, epoch => Windows(trainIds, o, epoch, offsets), w =>
        {
            if (w.Index == 0) state = null; // a new pass over the streams
            double progressFraction = Math.Max(
                plannedSteps is { } n ? (double)trainer.Context.Step / n : 0,
                budget is { } b ? (usedBefore + clock.Elapsed) / b : 0);
            optimizer.Lr = LearningRateAt(o, trainer.Context.Step, progressFraction);
            var (logits, next) = lm.Forward(w.X, state);
            state = next.Detach();
            return new StepResult(loss.Compute(logits, w.Y), w.X.Size(0) * w.X.Size(1));
        }, _ =>
        {
            var v = LanguageModelEvaluator.Evaluate(lm, valIds, o.EvalStreams);
            return new Dictionary<string, double> { ["val_loss"] = v.Loss, ["val_ppl"] = v.Perplexity };
        }, batchesPerEpoch);
        double trainSeconds = clock.Elapsed.TotalSeconds;
        long tokensThisRun = trainer.Context.Samples - tokensBefore;

        var validation = LanguageModelEvaluator.Evaluate(lm, valIds, o.EvalStreams);
        if (o.Out != null) lm.Save(o.Out);
        return new LanguageModelResult(o.Tokens, validation, trainIds.Length, vocabulary.Count, lm.ParameterCount(), trainer.Context.Step,
            trainer.Context.Samples, trainSeconds, tokensThisRun / Math.Max(trainSeconds, 1e-9), total.Elapsed.TotalSeconds, trainer.Context.StopReason);
    }

    /// <summary>
    /// The learning rate after <paramref name="step"/> steps at <paramref name="progress"/> (0..1) of the run:
    /// linear warm-up over the first <see cref="LanguageModelOptions.WarmupSteps"/> steps, then
    /// floor + (peak - floor) (1 + cos(pi progress)) / 2.
    /// </summary>
    public static float LearningRateAt(LanguageModelOptions options, long step, double progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        double peak = options.LearningRate, floor = peak * options.MinLearningRateFraction;
        double p = Math.Clamp(progress, 0, 1);
        double lr = floor + (peak - floor) * 0.5 * (1 + Math.Cos(Math.PI * p));
        if (step < options.WarmupSteps) lr *= (step + 1.0) / options.WarmupSteps;
        return (float)lr;
    }

    /// <summary>One truncated-BPTT window: its index in the epoch, x [B, T] and y [B, T] (token ids as floats).</summary>
    private readonly record struct Window(int Index, Tensor X, Tensor Y);

    private static IEnumerable<Window> Windows(int[] trainIds, LanguageModelOptions o, int epoch, Generator offsets)
    {
        // Epoch 0 starts at the text's start; later ones at a random offset so window boundaries move.
        int offset = epoch == 0 ? 0 : offsets.NextInt(Math.Min(o.SeqLen, Math.Max(1, trainIds.Length / o.Batch - 1)));
        var stream = new LanguageModelStream(offset == 0 ? trainIds : trainIds[offset..], o.Batch, o.SeqLen);
        for (int k = 0; k < stream.BatchesPerEpoch; k++)
        {
            var (x, y) = stream.Batch(k);
            yield return new Window(k, x, y);
        }
    }

    /// <summary>Evaluates every N steps and reports a line.</summary>
    private sealed class PeriodicEvaluation(int every, Func<LanguageModelEvaluation> evaluate, Action<string>? log) : Callback
    {
        public override void OnBatchEnd(TrainingContext context, int batch, double loss)
        {
            if (context.Step % every != 0) return;
            var v = evaluate();
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"step {context.Step}  train_loss {loss:0.0000}  val_loss {v.Loss:0.0000}  val_ppl {v.Perplexity:0.000}  lr {context.Optimizer.Lr:0.######}"));
        }
    }

    /// <summary>The carried state and the training time used so far, as checkpoint arrays.</summary>
    private static IEnumerable<KeyValuePair<string, IO.NdArray>> CarriedState(RecurrentState? state, TimeSpan used)
    {
        yield return new("train_seconds", IO.NdArray.FromFloat64([used.TotalSeconds], [1]));
        if (state is not { } s) yield break;
        yield return new("tbptt_h", IO.NdArray.FromTensor(s.H));
        if (s.C is { } c) yield return new("tbptt_c", IO.NdArray.FromTensor(c));
    }

    /// <summary>Reads <see cref="CarriedState"/>'s arrays back (absent in checkpoints from before them: zeros and no time).</summary>
    private static (RecurrentState?, TimeSpan) RestoreCarriedState(IReadOnlyDictionary<string, IO.NdArray> saved)
    {
        var used = TimeSpan.Zero;
        if (saved.TryGetValue("train_seconds", out var t))
        {
            double[] seconds = t.AsFloat64();
            if (seconds.Length != 1 || !(seconds[0] >= 0 && seconds[0] < 1e9))
                throw new ArgumentException($"the checkpoint's training time {string.Join(", ", seconds)} is not a number of seconds");
            used = TimeSpan.FromSeconds(seconds[0]);
        }
        if (!saved.TryGetValue("tbptt_h", out var h)) return (null, used);
        return (new RecurrentState(h.ToTensor(), saved.TryGetValue("tbptt_c", out var c) ? c.ToTensor() : null), used);
    }

    /// <summary>"N tokens, sha256 xxxxxxxx": names a vocabulary in a checkpoint's settings (order included).</summary>
    internal static string VocabularyDigest(Text.Vocabulary vocabulary)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(vocabulary.ToJson()));
        return $"{Text.Counted.Of(vocabulary.Count, "token")}, sha256 {Convert.ToHexStringLower(bytes)[..12]}";
    }
}
