// SpeechRecognizer: the speech application's library API. Train: features of every recording computed
// once (in parallel, cached in memory), per-utterance mean/variance normalised; a SpeechModel trained
// with Adam (cosine-annealed over the epochs) on cross-entropy (classify; training clips speed-perturbed
// by default, their features recomputed per batch) or CTC over freshly joined clip sequences (ctc); final figures on
// the official test split (recordings 0-4). A trained recognizer transcribes WAV files and evaluates on
// any folder of recordings; it is saved as a "speech" task model (TaskModelFile).
using System.Diagnostics;
using Recur.Audio;
using Recur.Autograd;
using Recur.Decoding;
using Recur.Losses;
using Recur.Optim;
using Recur.Tasks;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Applications.Speech;

/// <summary>A trained speech model with its feature extractor and labels.</summary>
public sealed class SpeechRecognizer
{
    /// <summary>The task name in model files.</summary>
    public const string TaskName = "speech";

    /// <summary>Seed of the evaluation sequences (fixed, so every model is scored on the same sequences).</summary>
    public const ulong EvaluationSeed = 20_240_601;

    private readonly FeatureExtractor _extractor;
    private readonly Dictionary<string, int> _labelIds;

    private SpeechRecognizer(SpeechConfig config, SpeechModel model, bool loaded)
    {
        Config = config;
        Model = model;
        // Training refuses a mel band that covers no FFT bin; a saved model trained with one before that check loads.
        _extractor = new FeatureExtractor(config.Features, allowEmptyBands: loaded);
        _labelIds = config.Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>The saved configuration (mode, labels, features, sizes).</summary>
    public SpeechConfig Config { get; }

    /// <summary>The acoustic model.</summary>
    public SpeechModel Model { get; }

    /// <summary>Trains on <see cref="SpeechOptions.Data"/> and reports the test figures; writes the model when <see cref="SpeechOptions.Out"/> is set.</summary>
    public static SpeechResult Train(SpeechOptions o, IProgressReporter? progress = null, CancellationToken cancel = default) =>
        TrainRecognizer(o, progress, cancel).Result;

    /// <summary>
    /// Refuses a test recording whose label (classify) or label symbol (ctc) no training recording has: the
    /// model could never output it (classify would count it wrong in silence; ctc could not encode it).
    /// </summary>
    private static void CheckTestLabels(IReadOnlyList<SpeechClip> train, IReadOnlyList<SpeechClip> test, string[] labels, SpeechMode mode)
    {
        var known = new HashSet<string>(labels, StringComparer.Ordinal);
        foreach (var clip in test)
        {
            string? missing = mode == SpeechMode.Classify
                ? (known.Contains(clip.Label) ? null : clip.Label)
                : clip.Label.Select(ch => ch.ToString()).FirstOrDefault(symbol => !known.Contains(symbol));
            if (missing == null) continue;
            int count = test.Count(c => mode == SpeechMode.Classify ? c.Label == missing : c.Label.Contains(missing, StringComparison.Ordinal));
            throw new InvalidDataException(
                $"{clip.Path}: {(mode == SpeechMode.Classify ? "label" : "label symbol")} '{missing}' has test recordings ({count}) but no training " +
                $"recordings (the split tests on indices 0-4 and trains on the rest), so the model could never output it; add its recordings " +
                $"with index 5 or more (the training side has {train.Count}), or leave its test recordings out.");
        }
    }

    /// <summary>As <see cref="Train"/>, also returning the trained recognizer.</summary>
    public static (SpeechRecognizer Recognizer, SpeechResult Result) TrainRecognizer(SpeechOptions o, IProgressReporter? progress = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.Validate();
        var corpus = SpeechCorpus.Load(o.Data);
        var (train, test) = corpus.OfficialSplit();
        string[] labels = o.Mode == SpeechMode.Classify
            ? train.Select(c => c.Label).Distinct().Order(StringComparer.Ordinal).ToArray()
            : train.SelectMany(c => c.Label.Select(ch => ch.ToString())).Distinct().Order(StringComparer.Ordinal).ToArray();
        CheckTestLabels(train, test, labels, o.Mode);
        var config = SpeechConfig.From(o, labels);
        var init = new Generator(o.Seed);
        var model = new SpeechModel(o.Mode, o.Features.Dimension, o.Mode == SpeechMode.Classify ? labels.Length : labels.Length + 1,
            o.Channels, o.Hidden, o.Layers, o.Dropout, init);
        var recognizer = new SpeechRecognizer(config, model, loaded: false);
        var optimizer = new Adam(model.Parameters(), o.LearningRate);
        var trainer = new Trainer(model.NamedParameters(), optimizer)
        {
            ClipGradNorm = o.Clip,
            Progress = progress,
            TimeBudget = o.Minutes is { } m ? TimeSpan.FromMinutes(m) : null,
            ReportEpochTotal = o.Minutes == null || o.Epochs < SpeechOptions.MaxEpochs, // the budget, not the cap, ends such a run
        };
        trainer.Callbacks.Add(new CancelCallback(cancel));
        double minLr = o.LearningRate * 0.02;
        // The cosine runs over the epochs; with a time budget it runs over whichever ends first, batch by batch,
        // so that a budget shorter than the epochs still anneals the rate.
        if (trainer.TimeBudget == null) trainer.Callbacks.Add(new LrScheduleCallback(new CosineWithWarmup(optimizer, 0, o.Epochs, minLr)));
        var data = new Generator(o.Seed + 1);
        var clock = Stopwatch.StartNew();
        var runClock = new Stopwatch(); // the budget counts from the first step, as the trainer's does (not from feature extraction)
        void FitRateToBudget(int batchesPerEpoch)
        {
            if (trainer.TimeBudget is not { } budget) return;
            if (!runClock.IsRunning) runClock.Start();
            double fraction = Math.Max((double)trainer.Context.Step / ((long)o.Epochs * batchesPerEpoch), runClock.Elapsed / budget);
            optimizer.Lr = (float)(minLr + (o.LearningRate - minLr) * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(fraction, 0, 1))));
        }
        SpeechResult result;
        if (o.Mode == SpeechMode.Classify)
        {
            var trainFeatures = recognizer.FeaturesOf(train);
            var testFeatures = recognizer.FeaturesOf(test);
            var trainTargets = train.Select(c => recognizer._labelIds[c.Label]).ToArray();
            var order = Enumerable.Range(0, train.Count).ToArray();
            int batches = (train.Count + o.Batch - 1) / o.Batch;
            IEnumerable<int[]> Epoch(int epoch)
            {
                data.Shuffle(order.AsSpan());
                for (int i = 0; i < order.Length; i += o.Batch) yield return order[i..Math.Min(order.Length, i + o.Batch)];
            }
            trainer.Run(o.Epochs, Epoch, batch =>
            {
                FitRateToBudget(batches);
                model.Train();
                var items = o.SpeedPerturbation > 0
                    ? recognizer.Perturbed(batch.Select(i => train[i]).ToList(), o.SpeedPerturbation, data)
                    : batch.Select(i => trainFeatures[i]).ToList();
                var (x, lengths) = Pad(items, o.Features.Dimension);
                var (logits, _) = model.Forward(x, lengths);
                return new StepResult(Loss.CrossEntropy(logits, batch.Select(i => trainTargets[i]).ToArray()), batch.Length);
            }, _ => new Dictionary<string, double> { ["test_accuracy"] = recognizer.Accuracy(testFeatures, test) }, batches);
            double accuracy = recognizer.Accuracy(testFeatures, test);
            double baseline = test.Count(c => c.Label == MostFrequent(train)) / (double)test.Count;
            result = new SpeechResult(SpeechMode.Classify, train.Count, test.Count, accuracy, baseline, 1 - accuracy, 1 - accuracy,
                trainer.Context.Epoch, clock.Elapsed.TotalSeconds, trainer.Context.StopReason);
        }
        else
        {
            var ctc = new CtcLoss(blank: 0, zeroInfinity: true);
            var testSet = recognizer.BuildSequences(test, o.TestSequences, new Generator(EvaluationSeed));
            IEnumerable<List<(float[] Features, int Frames, int[] Target)>> Epoch(int epoch)
            {
                for (int i = 0; i < o.BatchesPerEpoch; i++)
                {
                    var seqs = Enumerable.Range(0, o.Batch).Select(_ => DigitSequences.Build(train, o.MaxSequence, config.SampleRate, data)).ToList();
                    var items = new (float[], int, int[])[seqs.Count];
                    Parallel.For(0, seqs.Count, j =>
                    {
                        var (f, frames) = recognizer.Features(seqs[j].Samples, config.SampleRate);
                        items[j] = (f, frames, recognizer.Encode(seqs[j].Labels));
                    });
                    yield return items.ToList();
                }
            }
            trainer.Run(o.Epochs, Epoch, batch =>
            {
                FitRateToBudget(o.BatchesPerEpoch);
                model.Train();
                var (x, lengths) = Pad(batch.Select(b => (b.Features, b.Frames)).ToList(), o.Features.Dimension);
                var (logProbs, outLengths) = model.Forward(x, lengths);
                return new StepResult(ctc.Compute(logProbs, batch.Select(b => b.Target).ToList(), outLengths), batch.Count);
            }, _ => new Dictionary<string, double> { ["test_cer_greedy"] = recognizer.ErrorRates(testSet, 0).Cer }, o.BatchesPerEpoch);
            var (cer, exact) = recognizer.ErrorRates(testSet, o.BeamWidth);
            var (greedy, _) = recognizer.ErrorRates(testSet, 0);
            result = new SpeechResult(SpeechMode.Ctc, train.Count, testSet.Count, exact, 0, cer, greedy,
                trainer.Context.Epoch, clock.Elapsed.TotalSeconds, trainer.Context.StopReason);
        }
        if (o.Out != null) recognizer.Save(o.Out);
        return (recognizer, result);
    }

    /// <summary>Writes the model (weights + configuration) atomically.</summary>
    public void Save(string path) => TaskModelFile.Save(path, TaskName, Config.ToJson(), Model);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static SpeechRecognizer Load(string path) => FromTaskModel(TaskModelFile.Load(path));

    /// <summary>Rebuilds a recognizer from a loaded task model (errors name the file).</summary>
    public static SpeechRecognizer FromTaskModel(TaskModel loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        loaded.Expect(TaskName);
        var (config, model) = loaded.Build(() =>
        {
            var config = SpeechConfig.Parse(loaded.ConfigJson, loaded.Path);
            int outputs = config.SpeechMode == SpeechMode.Classify ? config.Labels.Length : config.Labels.Length + 1;
            return (config, new SpeechModel(config.SpeechMode, config.Features.Dimension, outputs, config.Channels, config.Hidden, config.Layers, 0f, new Generator(0)));
        });
        loaded.LoadInto(model);
        model.Eval();
        return new SpeechRecognizer(config, model, loaded: true);
    }

    /// <summary>What the model hears in a WAV file: the label (classify) or the label sequence joined (ctc), with a confidence (classify: probability; ctc: sequence probability).</summary>
    public (string Text, double Confidence) Transcribe(string wavPath)
    {
        var audio = WavReader.Read(wavPath);
        if (audio.Length == 0) throw new InvalidDataException($"{wavPath} has no samples.");
        return Transcribe(audio.Mono(), audio.SampleRate);
    }

    /// <summary>As <see cref="Transcribe(string)"/> for mono samples at <paramref name="sampleRate"/> Hz.</summary>
    public (string Text, double Confidence) Transcribe(float[] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (Config.SpeechMode == SpeechMode.Ctc) samples = PadWithSilence(samples, sampleRate);
        var (f, frames) = Features(samples, sampleRate);
        var (x, lengths) = Pad([(f, frames)], Config.Features.Dimension);
        Tensor output;
        int[] outLengths;
        Model.Eval();
        using (GradMode.NoGrad()) (output, outLengths) = Model.Forward(x, lengths);
        if (Config.SpeechMode == SpeechMode.Classify)
        {
            var p = output.Softmax(-1).ReadOnlyData;
            int best = TensorPrimitives.IndexOfMax(p);
            return (Config.Labels[best], p[best]);
        }
        var (ids, logP) = CtcDecoder.PrefixBeamSearch(output.ReadOnlyData, output.Size(2), outLengths[0], Config.BeamWidth);
        return (Decode(ids), Math.Exp(logP));
    }

    /// <summary>
    /// 125 ms of faint noise (as <see cref="DigitSequences"/> puts around clips) on each side: CTC models learn
    /// from recordings that start and end in silence, and single clips (FSDD's are trimmed) need it too.
    /// </summary>
    private static float[] PadWithSilence(float[] samples, int sampleRate)
    {
        int pad = Math.Max(1, sampleRate / 8);
        var g = new Generator(0);
        var padded = new float[samples.Length + 2 * pad];
        for (int i = 0; i < pad; i++)
        {
            padded[i] = (float)(1e-4 * g.NextNormal());
            padded[pad + samples.Length + i] = (float)(1e-4 * g.NextNormal());
        }
        samples.CopyTo(padded, pad);
        return padded;
    }

    /// <summary>
    /// Figures on another folder of recordings: classify: accuracy over every file; ctc: label error rate over
    /// <paramref name="sequences"/> sequences joined from the folder's recordings (fixed seed).
    /// </summary>
    public SpeechResult Evaluate(string folder, int sequences = 300)
    {
        var clips = SpeechCorpus.Load(folder).Clips;
        if (Config.SpeechMode == SpeechMode.Classify)
        {
            // A label the model cannot output would only be counted wrong, silently: refused, as ctc symbols are.
            if (clips.FirstOrDefault(c => !_labelIds.ContainsKey(c.Label)) is { } unknown)
                throw new InvalidDataException(
                    $"{unknown.Path}: label '{unknown.Label}' is not one the model was trained on (it knows {string.Join(" ", Config.Labels)}); leave such recordings out.");
            double accuracy = Accuracy(FeaturesOf(clips), clips);
            double baseline = clips.Count(c => c.Label == MostFrequent(clips)) / (double)clips.Count;
            return new SpeechResult(SpeechMode.Classify, 0, clips.Count, accuracy, baseline, 1 - accuracy, 1 - accuracy, 0, 0, null);
        }
        foreach (var c in clips)
            foreach (char ch in c.Label)
                if (!_labelIds.ContainsKey(ch.ToString()))
                    throw new InvalidDataException($"{c.Path}: label '{c.Label}' has the symbol '{ch}', which the model does not know (it knows {string.Join(" ", Config.Labels)}).");
        var set = BuildSequences(clips, sequences, new Generator(EvaluationSeed));
        var (cer, exact) = ErrorRates(set, Config.BeamWidth);
        var (greedy, _) = ErrorRates(set, 0);
        return new SpeechResult(SpeechMode.Ctc, 0, set.Count, exact, 0, cer, greedy, 0, 0, null);
    }

    /// <summary>Normalised features [T, D] (T &gt;= the model's minimum) of mono samples.</summary>
    internal (float[] Features, int Frames) Features(float[] samples, int sampleRate)
    {
        var (f, frames) = _extractor.Compute(samples, sampleRate);
        int d = _extractor.Dimension;
        // Per-utterance mean and variance normalisation, per feature.
        for (int j = 0; j < d; j++)
        {
            double sum = 0, sq = 0;
            for (int t = 0; t < frames; t++) sum += f[t * d + j];
            double mean = sum / frames;
            for (int t = 0; t < frames; t++) sq += (f[t * d + j] - mean) * (f[t * d + j] - mean);
            float inv = (float)(1 / Math.Sqrt(sq / frames + 1e-5));
            for (int t = 0; t < frames; t++) f[t * d + j] = (float)((f[t * d + j] - mean) * inv);
        }
        if (frames < SpeechModel.MinFrames)
        {
            Array.Resize(ref f, SpeechModel.MinFrames * d);
            frames = SpeechModel.MinFrames;
        }
        return (f, frames);
    }

    /// <summary>
    /// The rate a clip at <paramref name="sampleRate"/> is resampled to so that, read back at
    /// <paramref name="sampleRate"/>, it plays at <paramref name="speed"/> (faster above 1: fewer samples), as
    /// sox's and Kaldi's `speed` do.
    /// </summary>
    internal static int SpeedRate(int sampleRate, double speed) => (int)Math.Round(sampleRate / speed);

    /// <summary>
    /// Features of the clips played at a random speed 1 + U(-range, range) each (resampled and read at the
    /// original rate, so tempo and pitch change together: Ko et al. 2015's speed perturbation).
    /// </summary>
    private List<(float[] Features, int Frames)> Perturbed(IReadOnlyList<SpeechClip> clips, double range, Generator g)
    {
        var factors = clips.Select(_ => 1 + range * (2 * g.NextDouble() - 1)).ToArray();
        var result = new (float[], int)[clips.Count];
        Parallel.For(0, clips.Count, i =>
        {
            var c = clips[i];
            int to = SpeedRate(c.SampleRate, factors[i]);
            var stretched = to == c.SampleRate ? c.Samples : Resampler.Resample(c.Samples, c.SampleRate, to);
            result[i] = Features(stretched, c.SampleRate);
        });
        return result.ToList();
    }

    private List<(float[] Features, int Frames)> FeaturesOf(IReadOnlyList<SpeechClip> clips)
    {
        var result = new (float[], int)[clips.Count];
        Parallel.For(0, clips.Count, i => result[i] = Features(clips[i].Samples, clips[i].SampleRate));
        return result.ToList();
    }

    private List<(float[] Features, int Frames, int[] Target)> BuildSequences(IReadOnlyList<SpeechClip> clips, int count, Generator g)
    {
        var seqs = Enumerable.Range(0, count).Select(_ => DigitSequences.Build(clips, Config.MaxSequence, Config.SampleRate, g)).ToList();
        var result = new (float[], int, int[])[count];
        Parallel.For(0, count, i =>
        {
            var (f, frames) = Features(seqs[i].Samples, Config.SampleRate);
            result[i] = (f, frames, Encode(seqs[i].Labels));
        });
        return result.ToList();
    }

    private int[] Encode(string[] labels) => labels.SelectMany(l => l.Select(ch => _labelIds[ch.ToString()] + 1)).ToArray();

    private string Decode(int[] ids) => string.Concat(ids.Select(i => Config.Labels[i - 1]));

    private static string MostFrequent(IReadOnlyList<SpeechClip> clips) =>
        clips.GroupBy(c => c.Label).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;

    private const int EvalBatch = 64;

    private double Accuracy(List<(float[] Features, int Frames)> features, IReadOnlyList<SpeechClip> clips)
    {
        bool training = Model.Training;
        Model.Eval();
        int right = 0;
        for (int i = 0; i < features.Count; i += EvalBatch)
        {
            var part = features.GetRange(i, Math.Min(EvalBatch, features.Count - i));
            var (x, lengths) = Pad(part, Config.Features.Dimension);
            Tensor logits;
            using (GradMode.NoGrad()) (logits, _) = Model.Forward(x, lengths);
            int k = logits.Size(1);
            for (int j = 0; j < part.Count; j++)
            {
                int best = TensorPrimitives.IndexOfMax(logits.ReadOnlyData.Slice(j * k, k));
                if (Config.Labels[best] == clips[i + j].Label) right++;
            }
        }
        Model.Train(training);
        return (double)right / features.Count;
    }

    /// <summary>(label error rate, fraction of exact sequences); beamWidth 0 = greedy.</summary>
    private (double Cer, double Exact) ErrorRates(List<(float[] Features, int Frames, int[] Target)> set, int beamWidth)
    {
        bool training = Model.Training;
        Model.Eval();
        long errors = 0, total = 0;
        int exact = 0;
        for (int i = 0; i < set.Count; i += EvalBatch)
        {
            var part = set.GetRange(i, Math.Min(EvalBatch, set.Count - i));
            var (x, lengths) = Pad(part.Select(p => (p.Features, p.Frames)).ToList(), Config.Features.Dimension);
            Tensor logProbs;
            int[] outLengths;
            using (GradMode.NoGrad()) (logProbs, outLengths) = Model.Forward(x, lengths);
            int steps = logProbs.Size(1), classes = logProbs.Size(2);
            var hyps = new int[part.Count][];
            var lp = logProbs.ToArray();
            Parallel.For(0, part.Count, j =>
            {
                var span = lp.AsSpan(j * steps * classes, steps * classes);
                hyps[j] = beamWidth == 0 ? CtcDecoder.Greedy(span, classes, outLengths[j])
                    : CtcDecoder.PrefixBeamSearch(span, classes, outLengths[j], beamWidth).Labels;
            });
            for (int j = 0; j < part.Count; j++)
            {
                int e = EditDistance.Compute<int>(hyps[j], part[j].Target);
                errors += e;
                total += part[j].Target.Length;
                if (e == 0) exact++;
            }
        }
        Model.Train(training);
        return ((double)errors / Math.Max(total, 1), (double)exact / set.Count);
    }

    /// <summary>Zero-pads feature sequences into x [B, Tmax, D] with their frame counts.</summary>
    private static (Tensor X, int[] Lengths) Pad(IReadOnlyList<(float[] Features, int Frames)> items, int dims)
    {
        int max = items.Max(i => i.Frames);
        var x = Tensor.Zeros(items.Count, max, dims);
        var data = x.Data;
        var lengths = new int[items.Count];
        for (int b = 0; b < items.Count; b++)
        {
            items[b].Features.AsSpan(0, items[b].Frames * dims).CopyTo(data.Slice(b * max * dims));
            lengths[b] = items[b].Frames;
        }
        return (x, lengths);
    }
}
