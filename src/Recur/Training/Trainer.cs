// Trainer: the training loop shared by the Keras-style Fit and the PyTorch-style API. For each epoch it
// asks for batches, calls the step function for the loss, backpropagates, clips, steps the optimizer and
// reports progress; it checks the loss is finite, runs callbacks, writes checkpoints through a
// Checkpointer and can resume mid-epoch exactly (skipping the batches already trained on).
using System.Diagnostics;
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Training;

/// <summary>What one training step returns: the loss to backpropagate and how many samples it covered.</summary>
/// <param name="Loss">A scalar tensor.</param>
/// <param name="Samples">Samples (sequences) in the batch.</param>
/// <param name="Prediction">The batch's prediction, for metrics (optional).</param>
/// <param name="Target">The batch's target, for metrics (optional).</param>
/// <param name="GradientsReady">True when the step already added the gradients (a <see cref="TrainingPlan"/>
/// step); the trainer then does not call Backward on <paramref name="Loss"/>.</param>
public readonly record struct StepResult(Tensor Loss, int Samples, Tensor? Prediction = null, Tensor? Target = null, bool GradientsReady = false);

/// <summary>Runs epochs of optimizer steps with callbacks, clipping, progress, time budgets and checkpoints.</summary>
public sealed class Trainer
{
    private readonly IReadOnlyList<KeyValuePair<string, Tensor>> _parameters;

    // Parameters the optimizer does not hold (frozen ones): their gradients are cleared after each step as
    // the optimizer clears its own, so that they do not pile up from step to step.
    private readonly Tensor[] _notOptimized;

    /// <summary>Trains <paramref name="parameters"/> with <paramref name="optimizer"/>.</summary>
    public Trainer(IEnumerable<KeyValuePair<string, Tensor>> parameters, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // Each tensor once (tied weights appear under two names), so that clipping counts it once.
        var all = parameters.ToList();
        _parameters = all.DistinctBy(p => p.Value, ReferenceEqualityComparer.Instance).ToList();
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        var optimized = new HashSet<Tensor>(optimizer.Parameters, ReferenceEqualityComparer.Instance);
        _notOptimized = _parameters.Select(p => p.Value).Where(p => !optimized.Contains(p)).ToArray();
        Context = new TrainingContext(_parameters, optimizer, new History(), all);
    }

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Shared state (epoch, step, history, stop flag).</summary>
    public TrainingContext Context { get; }

    /// <summary>Clip the global gradient norm to this value before each step (null: no clipping); a positive number.</summary>
    public float? ClipGradNorm
    {
        get => _clip;
        init => _clip = value is { } c && !(c > 0 && float.IsFinite(c))
            ? throw new ArgumentException($"Trainer: ClipGradNorm must be a positive number (or null: no clipping), got {c}.", nameof(ClipGradNorm))
            : value;
    }

    private readonly float? _clip;

    /// <summary>Callbacks, run in order.</summary>
    public IList<Callback> Callbacks { get; } = new List<Callback>();

    /// <summary>Progress display (null: silent).</summary>
    public IProgressReporter? Progress { get; init; }

    /// <summary>Writes checkpoints after every epoch and when training stops (null: none).</summary>
    public Checkpointer? Checkpointer { get; init; }

    /// <summary>Wall-clock budget; training stops at the first batch boundary past it (null: none).</summary>
    public TimeSpan? TimeBudget { get; set; }

    /// <summary>
    /// False when the epoch count given to <see cref="Run"/> is only a ceiling for a <see cref="TimeBudget"/>
    /// (progress then shows "epoch N" without a total).
    /// </summary>
    public bool ReportEpochTotal { get; init; } = true;

    /// <summary>Metrics updated on training batches that return a prediction.</summary>
    public IList<Metrics.IMetric> Metrics { get; } = new List<Metrics.IMetric>();

    private void ClearGradients()
    {
        foreach (var (_, p) in _parameters) p.ZeroGrad();
    }

    /// <summary>
    /// Runs epochs [Context.Epoch, <paramref name="epochs"/>). <paramref name="epochBatches"/>(epoch) yields
    /// the epoch's batches; <paramref name="step"/> computes a batch's loss; <paramref name="validate"/>
    /// (optional) returns extra figures (e.g. val_loss) at each epoch's end.
    /// </summary>
    public History Run<TBatch>(int epochs, Func<int, IEnumerable<TBatch>> epochBatches, Func<TBatch, StepResult> step,
        Func<int, IReadOnlyDictionary<string, double>>? validate = null, int? batchesPerEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(epochBatches);
        ArgumentNullException.ThrowIfNull(step);
        if (epochs < 0) throw new ArgumentException($"Trainer.Run: epochs must not be negative, got {epochs}.", nameof(epochs));
        var ctx = Context;
        // A trainer stopped early (early stopping, a budget, Ctrl-C) trains again when run again, as Keras' fit does.
        ctx.StopTraining = false;
        ctx.StopReason = null;
        // Each step starts from zero gradients, as Keras' fit keeps no gradient state: nothing left over from a
        // manual Backward, or from a run that diverged (NaN), is added into the first update.
        ClearGradients();
        var clock = Stopwatch.StartNew();
        foreach (var cb in Callbacks) cb.OnTrainBegin(ctx);
        string? reason = null;
        try
        {
            for (; ctx.Epoch < epochs && !ctx.StopTraining; ctx.Epoch++)
            {
                int epoch = ctx.Epoch;
                Checkpointer?.EpochStarting(ctx);
                foreach (var cb in Callbacks) cb.OnEpochBegin(ctx, epoch);
                foreach (var m in Metrics) m.Reset();
                Progress?.EpochStarted(epoch, ReportEpochTotal ? epochs : 0, batchesPerEpoch);
                var epochClock = Stopwatch.StartNew();
                int batch = 0, skip = Checkpointer?.BatchesToSkip ?? 0;
                // A resumed epoch goes on from the loss of the batches trained before its checkpoint.
                double lossSum = skip > 0 ? ctx.EpochLossSum : 0;
                long samples = skip > 0 ? ctx.EpochSamples : 0, samplesBefore = samples;
                foreach (var b in epochBatches(epoch))
                {
                    if (batch < skip)
                    {
                        batch++;
                        continue;
                    }
                    var result = step(b);
                    float loss = result.Loss.Item();
                    if (!float.IsFinite(loss))
                        throw new TrainingDivergedException(
                            $"The training loss became {loss} at epoch {epoch + 1}, batch {batch + 1} (step {ctx.Step + 1}); training stopped" +
                            KeptCheckpoint() +
                            (ClipGradNorm is null
                                ? ". Check the inputs for NaN or infinite values, then lower the learning rate or clip the gradients' norm."
                                : ". Check the inputs for NaN or infinite values, then lower the learning rate or the gradient clip."));
                    if (!result.GradientsReady) result.Loss.Backward();
                    // A parameter frozen after it had gradients (RequiresGrad = false) keeps a zero gradient, which
                    // would still move it through momentum, Adam's moments or weight decay: drop it, so the step skips it.
                    for (int i = 0; i < _parameters.Count; i++)
                        if (!_parameters[i].Value.RequiresGrad) _parameters[i].Value.Grad = null;
                    // A finite loss can still have NaN or infinite gradients (a square root at 0, an overflow in
                    // backward): stop before the optimizer writes them into the weights (and a checkpoint).
                    // Without clipping, the infinity norm of the optimized gradients (maxNorm +inf scales nothing).
                    float norm = ClipGradNorm is { } clip ? GradClip.ClipGradNorm(_parameters.Select(p => p.Value), clip)
                        : GradClip.ClipGradNorm(Optimizer.Parameters, float.PositiveInfinity, float.PositiveInfinity);
                    if (!float.IsFinite(norm))
                        throw new TrainingDivergedException(
                            $"The gradients became {(float.IsNaN(norm) ? "NaN" : "infinite")} at epoch {epoch + 1}, batch {batch + 1} (step {ctx.Step + 1}) " +
                            $"though the loss was finite ({loss}); training stopped before the optimizer step" + KeptCheckpoint() +
                            ". Look for operations whose derivative is infinite at the inputs reached (a square root or log at 0), then lower the learning rate or clip the gradients' norm.");
                    Optimizer.Step();
                    Optimizer.ZeroGrad();
                    foreach (var p in _notOptimized) p.ZeroGrad();
                    if (result.Prediction != null && result.Target != null)
                        foreach (var m in Metrics) m.Update(result.Prediction, result.Target);
                    lossSum += (double)loss * result.Samples;
                    samples += result.Samples;
                    ctx.EpochLossSum = lossSum;
                    ctx.EpochSamples = samples;
                    ctx.Samples += result.Samples;
                    ctx.Step++;
                    batch++;
                    if (Checkpointer != null) Checkpointer.BatchesDone = batch;
                    foreach (var cb in Callbacks) cb.OnBatchEnd(ctx, batch - 1, loss);
                    if (Progress != null)
                    {
                        var running = new Dictionary<string, double> { ["loss"] = lossSum / samples };
                        foreach (var m in Metrics) running[m.Name] = m.Result;
                        double rate = (samples - samplesBefore) / Math.Max(epochClock.Elapsed.TotalSeconds, 1e-9); // this run's samples only
                        TimeSpan? eta = batchesPerEpoch is { } total && batch > skip
                            ? TimeSpan.FromSeconds(epochClock.Elapsed.TotalSeconds / (batch - skip) * Math.Max(0, total - batch)) : null;
                        // Not past the time budget, which ends the epoch first.
                        if (eta is { } e && TimeBudget is { } limit && limit - clock.Elapsed < e)
                            eta = limit > clock.Elapsed ? limit - clock.Elapsed : TimeSpan.Zero;
                        Progress.BatchEnded(batch - 1, running, rate, eta);
                    }
                    if (TimeBudget is { } budget && clock.Elapsed >= budget)
                    {
                        ctx.StopTraining = true;
                        ctx.StopReason ??= $"time budget of {budget.TotalMinutes:0.##} min reached";
                    }
                    if (ctx.StopTraining) break;
                }
                bool complete = !ctx.StopTraining || (batchesPerEpoch is { } n && batch >= n);
                if (!complete)
                {
                    Checkpointer?.Save(ctx, epochComplete: false);
                    break;
                }
                var logs = new Dictionary<string, double> { ["loss"] = samples > 0 ? lossSum / samples : double.NaN };
                foreach (var m in Metrics) logs[m.Name] = m.Result;
                if (validate != null)
                    foreach (var (k, v) in validate(epoch)) logs[k] = v;
                logs["lr"] = Optimizer.Lr;
                ctx.History.Add(logs);
                Progress?.EpochEnded(epoch, logs, epochClock.Elapsed);
                foreach (var cb in Callbacks) cb.OnEpochEnd(ctx, epoch, logs);
                Checkpointer?.Save(ctx, epochComplete: true);
            }
            reason = ctx.StopReason;
        }
        catch (TrainingDivergedException e)
        {
            reason = e.Message;
            ClearGradients(); // the non-finite gradients must not reach a retry's first step
            throw;
        }
        finally
        {
            foreach (var cb in Callbacks) cb.OnTrainEnd(ctx);
            Progress?.Finished(reason);
        }
        return ctx.History;
    }

    /// <summary>" and the last good checkpoint P was kept" when this run wrote or resumed from one, else "".</summary>
    private string KeptCheckpoint() =>
        Checkpointer is { } c && (c.Saves > 0 || c.Resumed) ? $" and the last good checkpoint {c.Path} was kept" : "";
}
