// Sequential's Keras-style training surface: Compile(loss, optimizer, metrics), Fit, Evaluate, Predict.
// Samples are along axis 0 of x and y; batches run through training and inference plans where the model
// allows (UsePlans). Fit shuffles with an explicit generator, holds out a validation
// split (Keras' last-fraction rule, or validationData), and runs Training/Trainer with callbacks.
using Recur.Autograd;
using Recur.Data;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;
using Recur.Training.Metrics;

namespace Recur.Layers;

public partial class Sequential
{
    private ILoss? _loss;

    /// <summary>Fit's shuffling generator when none is given (seed 0), kept so that later calls draw new orders.</summary>
    private Generator? _shuffle;
    private Optimizer? _optimizer;
    private IMetric[] _metrics = [];

    /// <summary>Sets the loss, the optimizer and the metrics Fit and Evaluate report.</summary>
    public void Compile(ILoss loss, Optimizer optimizer, params IMetric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        metrics ??= [];
        if (Array.IndexOf(metrics, null) is int at and >= 0) throw new ArgumentNullException(nameof(metrics), $"Compile: metric {at} is null.");
        // An optimizer made for another model (or before the layers were added) would train nothing here.
        var own = new HashSet<Tensor>(Parameters(), ReferenceEqualityComparer.Instance);
        if (own.Count > 0 && !optimizer.Parameters.Any(own.Contains))
            throw new ArgumentException("Compile: the optimizer holds none of this model's parameters, so Fit would train nothing; " +
                "make it from model.Parameters() after every layer is added.");
        CheckLogitsHead(loss);
        // A class metric that counts positions the loss leaves out (padding) would not measure what the loss does.
        int ignore = IgnoreIndexOf(loss);
        foreach (var m in metrics)
        {
            int? metricIgnore = m switch
            {
                Accuracy a => a.IgnoreIndex,
                Perplexity p => p.IgnoreIndex,
                ConfusionMatrix c => c.IgnoreIndex,
                _ => null,
            };
            if (metricIgnore is int mi && mi != ignore && ignore >= 0)
                throw new ArgumentException(
                    $"Compile: the loss leaves out target {ignore} (ignore_index), but the {m.Name} metric counts it (its ignoreIndex is {mi}); " +
                    $"create it with ignoreIndex: {ignore}" + (m is ConfusionMatrix ? "." : $", or name it (\"{m.Name}\") to get the loss's."));
        }
        // Two metrics of one name would overwrite each other's figure in the logs and the History.
        if (metrics.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"Compile: {twice.Count()} metrics are named '{twice.Key}'; their figures would overwrite each other in the logs. Keep one.");
        (_loss, _optimizer, _metrics) = (loss, optimizer, metrics);
    }

    /// <summary>
    /// Refuses a sigmoid output layer before a loss that applies its own sigmoid or softmax (Keras'
    /// from_logits=True): the model would train through two squashing functions and quietly stall (a
    /// negative's BCE can never fall below ln 2).
    /// </summary>
    private void CheckLogitsHead(ILoss loss)
    {
        // The head's last value-changing layer: Dropout and LastTimeStep only pass values on.
        int last = _layers.Count - 1;
        while (last >= 0 && _layers[last] is Dropout or LastTimeStep) last--;
        if (last < 0 || _layers[last] is not Activation { Name: "sigmoid" or "relu" } head) return;
        string? name = loss switch
        {
            BceWithLogitsLoss => "BCEWithLogitsLoss (\"bce_with_logits\", \"binary_crossentropy\")",
            CrossEntropyLoss when head.Name == "sigmoid" => "CrossEntropyLoss (\"cross_entropy\", \"sparse_categorical_crossentropy\")",
            _ => null,
        };
        if (name == null) return;
        if (head.Name == "relu")
            throw new ArgumentException(
                $"Compile: the model's output goes through ReLU (layer {last}), but {name} reads it as logits: a logit >= 0 is a " +
                "probability >= 0.5, so no negative could be learnt (its loss stays above ln 2); remove the Activation(\"relu\") after the last Linear.");
        throw new ArgumentException(
            $"Compile: the model's output goes through Sigmoid (layer {last}), but {name} takes logits and applies its own " +
            (loss is BceWithLogitsLoss ? "sigmoid" : "softmax") + " (Keras' from_logits=True), so training would go through both; " +
            "remove the Activation(\"sigmoid\") and apply it (Tensor.Sigmoid) to Predict's logits when probabilities are wanted.");
    }

    /// <summary>Compile with metrics by name ("accuracy", "top5_accuracy", "perplexity", "rmse", "mae").</summary>
    public void Compile(ILoss loss, Optimizer optimizer, string metric, params string[] moreMetrics) =>
        Compile(loss, optimizer, moreMetrics.Prepend(metric).Select(m => MetricFactory.FromName(m, IgnoreIndexOf(loss), MultiLabelOf(loss))).ToArray());

    /// <summary>Compile with a loss and metrics by name ("mse", "cross_entropy"; "accuracy", "rmse", ...).</summary>
    public void Compile(string loss, Optimizer optimizer, params string[] metrics)
    {
        var lossFunction = Loss.FromName(loss);
        Compile(lossFunction, optimizer, metrics.Select(m => MetricFactory.FromName(m, IgnoreIndexOf(lossFunction), MultiLabelOf(lossFunction))).ToArray());
    }

    /// <summary>The target class the loss leaves out (cross-entropy's ignore_index), which named metrics leave out too.</summary>
    private static int IgnoreIndexOf(ILoss? loss) => loss is CrossEntropyLoss ce ? ce.IgnoreIndex : -100;

    /// <summary>How named accuracy metrics read targets shaped like the logits: multi-label under binary cross-entropy, one class under cross-entropy.</summary>
    private static bool? MultiLabelOf(ILoss? loss) => loss switch
    {
        BceWithLogitsLoss => true,
        CrossEntropyLoss => false,
        _ => null,
    };

    /// <summary>
    /// Trains on x [N, ...] and y [N, ...]. Either <paramref name="validationSplit"/> (the last fraction of
    /// the samples, before shuffling) or <paramref name="validationData"/> gives val_loss and val_ metrics.
    /// </summary>
    public History Fit(Tensor x, Tensor y, int epochs = 1, int batchSize = 32, double validationSplit = 0,
        (Tensor X, Tensor Y)? validationData = null, IEnumerable<Callback>? callbacks = null, bool shuffle = true,
        Generator? generator = null, IProgressReporter? progress = null, float? clipGradNorm = null, Checkpointer? checkpointer = null)
    {
        var (loss, optimizer) = Compiled();
        if (epochs < 1) throw new ArgumentException($"Fit: epochs must be at least 1, got {epochs}.");
        CheckBatchSize("Fit", batchSize);
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new ArgumentException($"Fit: validationSplit must lie in [0, 1) (0: none), got {validationSplit}.");
        if (clipGradNorm is { } clip && !(clip > 0 && float.IsFinite(clip)))
            throw new ArgumentException($"Fit: clipGradNorm must be a positive number (or null: no clipping), got {clip}.");
        CheckSamplesFirst("Fit");
        var data = new TensorDataset(x, y);
        TensorDataset train = data;
        if (validationSplit > 0 && validationData != null) throw new ArgumentException("Fit: give validationSplit or validationData, not both.");
        TensorDataset? validation = validationData is { } v ? ValidationSet(v.X, v.Y, x, y, loss) : null;
        if (validationSplit > 0)
        {
            var (trainIdx, valIdx) = DataSplit.TrainValidation(data.Count, validationSplit);
            var (tx, ty) = data.Gather(trainIdx);
            var (vx, vy) = data.Gather(valIdx);
            train = new TensorDataset(tx, ty);
            CheckFinite("the validationSplit's x (the last samples of x)", vx);
            CheckFinite("the validationSplit's y (the last samples of y)", vy);
            validation = new TensorDataset(vx, vy);
        }
        // Without a generator, the model's own (seed 0, made at the first Fit) goes on drawing: Fit(epochs: 1) in a
        // loop shuffles each epoch anew, as Keras does, rather than repeating one order.
        var shuffler = generator ?? (_shuffle ??= new Generator(0));
        // Like Keras, a batch larger than the data is the whole data.
        var batcher = new Batcher(train.Count, Math.Min(batchSize, train.Count), shuffle, shuffler);
        var trainer = new Trainer(NamedParameters(), optimizer)
        {
            ClipGradNorm = clipGradNorm,
            Progress = progress,
            Checkpointer = checkpointer,
        };
        checkpointer?.DataGenerators.TryAdd("shuffle", shuffler);
        foreach (var m in _metrics) trainer.Metrics.Add(m);
        foreach (var cb in callbacks ?? []) trainer.Callbacks.Add(cb);
        CheckMonitors(trainer.Callbacks, validation != null);
        if (checkpointer != null) checkpointer.TryResume(trainer.Context);
        // Batches whose layers and loss a TrainingPlan runs take the planned, allocation-free step (one plan
        // per batch shape); the others go through the tape.
        var plans = new Dictionary<string, TrainingPlan?>();
        try
        {
            return trainer.Run(epochs, _ => batcher.Epoch(), indices =>
                {
                    Train();
                    var (bx, by) = train.Gather(indices);
                    if (PlansApply && PlanFor(plans, loss, bx) is { } plan && Shapes.Equal(by.Shape, plan.TargetShape.ToArray()))
                    {
                        float value = plan.Step(bx, by);
                        var output = Tensor.FromArray(plan.Output.ToArray(), plan.OutputShape.ToArray());
                        return new StepResult(Tensor.Scalar(value), indices.Length, output, by, GradientsReady: true);
                    }
                    var prediction = Forward(bx);
                    return new StepResult(loss.Compute(prediction, by), indices.Length, prediction.Detach(), by);
                },
                validation == null ? null : _ => Evaluate(validation.X, validation.Y, batchSize).ToDictionary(kv => "val_" + kv.Key, kv => kv.Value),
                batcher.BatchesPerEpoch);
        }
        finally
        {
            foreach (var plan in plans.Values) plan?.Dispose();
        }
    }

    /// <summary>
    /// Fit's validationData, checked before training: its errors say "validationData", it must have the training
    /// data's ranks and go through the model and the loss (its sequences may have another length), and a NaN or infinity in it (which would make every val_ figure NaN, and early
    /// stopping, checkpoints and plateau schedules act on that without saying why) is refused.
    /// </summary>
    private TensorDataset ValidationSet(Tensor vx, Tensor vy, Tensor x, Tensor y, ILoss loss)
    {
        ArgumentNullException.ThrowIfNull(vx);
        ArgumentNullException.ThrowIfNull(vy);
        if (vx.Rank != x.Rank || vy.Rank != y.Rank)
            throw new ArgumentException(
                $"Fit: validationData has x {Shapes.Format(vx.Shape)} and y {Shapes.Format(vy.Shape)}, but the training data is " +
                $"x {Shapes.Format(x.Shape)} and y {Shapes.Format(y.Shape)}; give it the same ranks.");
        CheckFinite("validationData's x", vx);
        CheckFinite("validationData's y", vy);
        var flags = TrainingFlags();
        try
        {
            var set = new TensorDataset(vx, vy);
            // Its first sample through the model and the loss (evaluation mode, no gradients, nothing drawn), so a
            // layout the model or the loss cannot take fails now, named, not after the first epoch. Its sequences
            // may be padded to another length than the training ones.
            using (GradMode.NoGrad())
            {
                Eval();
                var (sx, sy) = set.Gather([0]);
                loss.Compute(Forward(sx), sy);
            }
            return set;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Fit: validationData: {e.Message}", e);
        }
        finally
        {
            RestoreTraining(flags);
        }
    }

    private static void CheckFinite(string what, Tensor t)
    {
        var values = t.ReadOnlyData;
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new ArgumentException($"Fit: {what} holds {values[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} at element {i}; every val_ figure would be NaN.");
    }

    /// <summary>
    /// Refuses, before any training, a callback that monitors a figure this run will not log ("val_loss" with no
    /// validation, a metric that was not compiled, a typo): it would fail only after the first epoch.
    /// </summary>
    private void CheckMonitors(IEnumerable<Callback> callbacks, bool validation)
    {
        var keys = new List<string> { "loss" };
        keys.AddRange(_metrics.Select(m => m.Name));
        if (validation) keys.AddRange(keys.ToList().Select(k => "val_" + k));
        keys.Add("lr");
        foreach (var cb in callbacks)
        {
            string? monitor = cb switch
            {
                EarlyStopping e => e.Monitor,
                BestCheckpoint b => b.Monitor,
                LrScheduleCallback l => l.Monitor,
                _ => null,
            };
            if (monitor == null || keys.Contains(monitor)) continue;
            string why = monitor.StartsWith("val_", StringComparison.Ordinal) && !validation
                ? " (there is no validation: give validationSplit or validationData)"
                : "";
            throw new ArgumentException(
                $"Fit: the {cb.GetType().Name} callback monitors '{monitor}', which this run does not log{why}; it logs {string.Join(", ", keys)}.");
        }
    }

    /// <summary>
    /// When true (the default), Fit runs each batch through a <see cref="TrainingPlan"/>, and Evaluate and
    /// Predict through an <see cref="Inference.InferencePlan"/>, one per batch shape, when the plans support
    /// every layer and the loss (same results as the tape); set false to always use Forward and the autograd tape.
    /// </summary>
    public bool UsePlans { get; set; } = true;

    /// <summary>
    /// Whether the plans run: <see cref="UsePlans"/>, and Forward is Sequential's own (a subclass that overrides it
    /// computes something the plans, built from the layers alone, would not).
    /// </summary>
    private bool PlansApply => UsePlans && GetType().GetMethod(nameof(Forward), [typeof(Tensor)])?.DeclaringType == typeof(Sequential);

    private TrainingPlan? PlanFor(Dictionary<string, TrainingPlan?> plans, ILoss loss, Tensor x)
    {
        string key = Shapes.Format(x.Shape);
        if (!plans.TryGetValue(key, out var plan))
        {
            TrainingPlan.TryCreate(this, loss, x.ShapeArray, out plan, out _);
            plans[key] = plan;
        }
        return plan;
    }

    /// <summary>Loss and metrics on x, y in evaluation mode without gradients.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(Tensor x, Tensor y, int batchSize = 32)
    {
        var (loss, _) = Compiled();
        CheckBatchSize("Evaluate", batchSize);
        CheckSamplesFirst("Evaluate");
        var data = new TensorDataset(x, y);
        var batcher = new Batcher(data.Count, Math.Min(batchSize, data.Count), shuffle: false, generator: null);
        bool training = Training;
        Eval();
        double sum = 0;
        foreach (var m in _metrics) m.Reset();
        var plans = new Dictionary<string, Inference.InferencePlan?>();
        try
        {
            using (GradMode.NoGrad())
            {
                foreach (var indices in batcher.Epoch())
                {
                    var (bx, by) = data.Gather(indices);
                    var prediction = ForwardEval(bx, plans);
                    sum += loss.Compute(prediction, by).Item() * indices.Length;
                    foreach (var m in _metrics) m.Update(prediction, by);
                }
            }
        }
        finally
        {
            foreach (var plan in plans.Values) plan?.Dispose();
            Train(training);
        }
        var result = new Dictionary<string, double> { ["loss"] = sum / data.Count };
        foreach (var m in _metrics) result[m.Name] = m.Result;
        return result;
    }

    /// <summary>The model's output for every sample of x [N, ...], in evaluation mode without gradients.</summary>
    public Tensor Predict(Tensor x, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || x.Size(0) == 0) throw new ArgumentException("Predict: x has no samples.");
        CheckBatchSize("Predict", batchSize);
        CheckSamplesFirst("Predict");
        bool training = Training;
        Eval();
        var parts = new List<Tensor>();
        var plans = new Dictionary<string, Inference.InferencePlan?>();
        try
        {
            using (GradMode.NoGrad())
            {
                for (int start = 0; start < x.Size(0); start += batchSize)
                    parts.Add(ForwardEval(x.Slice(0, start, Math.Min(batchSize, x.Size(0) - start)), plans));
            }
        }
        finally
        {
            foreach (var plan in plans.Values) plan?.Dispose();
            Train(training);
        }
        return parts.Count == 1 ? parts[0] : Tensor.Concat(parts.ToArray(), 0);
    }

    /// <summary>The evaluation-mode forward of one batch: through a plan for its shape when one can be made.</summary>
    private Tensor ForwardEval(Tensor x, Dictionary<string, Inference.InferencePlan?> plans)
    {
        if (!PlansApply) return Forward(x);
        string key = Shapes.Format(x.Shape);
        if (!plans.TryGetValue(key, out var plan))
        {
            Inference.InferencePlan.TryCreate(this, x.ShapeArray, out plan, out _);
            plans[key] = plan;
        }
        return plan != null ? plan.Run(x) : Forward(x);
    }

    private static void CheckBatchSize(string method, int batchSize)
    {
        if (batchSize < 1) throw new ArgumentException($"{method}: batchSize must be at least 1, got {batchSize}.");
    }

    /// <summary>
    /// Fit, Evaluate and Predict put the samples on axis 0, so a recurrent layer that reads time-major input
    /// [T, B, features] (batchFirst false) would take samples for time steps and mix them. Layers that keep
    /// the layout (embedding, linear, dropout, activation, layer norm, batch-first recurrent layers) may come
    /// before it; after any other layer the layout is the user's to know.
    /// </summary>
    private void CheckSamplesFirst(string method)
    {
        for (int i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            if (layer is RecurrentLayer { BatchFirst: false } rnn)
                throw new ArgumentException($"{method}: the samples are on axis 0 of x, but layer {i} ({rnn.GetType().Name}) reads time-major input " +
                    $"[T, B, {rnn.InputSize}]; construct it with batchFirst: true.");
            // A batch-first recurrent layer keeps [B, T, F] too: a time-major one after it would still mix samples.
            if (layer is not (Embedding or Linear or Dropout or Activation or LayerNorm or RecurrentLayer { BatchFirst: true })) return;
        }
    }

    private (ILoss Loss, Optimizer Optimizer) Compiled() =>
        _loss != null && _optimizer != null ? (_loss, _optimizer)
            : throw new InvalidOperationException("Call Compile(loss, optimizer, metrics) before Fit or Evaluate.");
}
