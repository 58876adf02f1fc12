// CopyTask: `recur train copy`: the copy-memory problem (Data/CopyMemoryProblem, Arjovsky et al. 2016):
// Embedding -> LSTM -> Linear over every step, trained with cross-entropy; reports the test loss per
// step beside the memoryless baseline 10 ln(8) / (T + 20).
using System.Diagnostics;
using System.Globalization;
using Recur.Autograd;
using Recur.Data;
using Recur.IO;
using Recur.Layers;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tasks;

/// <summary>Final figures of a copy-task run.</summary>
public sealed record CopyResult(int Length, double TestLoss, double Baseline, double CopyAccuracy, long TrainSequences, double Seconds, string? StopReason)
{
    /// <summary>The JSON line printed with --json.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"task\":\"copy\",\"length\":{Length},\"test_loss\":{TestLoss:0.######},\"baseline_loss\":{Baseline:0.######},\"copy_accuracy\":{CopyAccuracy:0.####},\"train_sequences\":{TrainSequences},\"seconds\":{Seconds:0.#}}}");
}

/// <summary>Trains and evaluates the copy-memory problem.</summary>
public static class CopyTask
{
    /// <summary>Runs the task; <paramref name="cancel"/> stops after the current batch with a checkpoint.</summary>
    public static CopyResult Run(MemoryTaskOptions o, IProgressReporter? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Batch <= 0 || o.Hidden <= 0 || o.BatchesPerEpoch <= 0 || o.Epochs <= 0 || o.Length < 1)
            throw new ArgumentException("copy: --length, --batch, --hidden and --epochs must be positive.");
        var init = new Generator(o.Seed);
        var dataGen = new Generator(o.Seed + 1);
        var data = new CopyMemoryProblem(o.Length, dataGen);
        var model = new Sequential(new Embedding(data.Classes, 16, generator: init), new Lstm(16, o.Hidden, batchFirst: true, generator: init),
            new Linear(o.Hidden, data.Classes, generator: init));
        var optimizer = new Adam(model.Parameters(), o.LearningRate);
        var loss = new CrossEntropyLoss();
        var checkpointer = o.Checkpoint == null ? null : new Checkpointer(o.Checkpoint, model, optimizer);
        checkpointer?.DataGenerators.Add("data", dataGen);
        if (checkpointer != null)
            foreach (var (name, value) in MemoryTaskOptions.ResumeSettings(o)) checkpointer.Settings[name] = value;
        var trainer = new Trainer(model.NamedParameters(), optimizer)
        {
            ClipGradNorm = o.Clip,
            Progress = progress,
            Checkpointer = checkpointer,
            TimeBudget = o.Minutes is { } m ? TimeSpan.FromMinutes(m) : null,
        };
        if (o.Resume && checkpointer != null && !checkpointer.TryResume(trainer.Context))
            throw new ArgumentException($"--resume: no checkpoint at {o.Checkpoint}.");
        trainer.Callbacks.Add(new CancelCallback(cancel, checkpointed: checkpointer != null));
        var validation = new CopyMemoryProblem(o.Length, new Generator(o.Seed + 2)).Batch(256);
        var clock = Stopwatch.StartNew();
        trainer.Run(o.Epochs, _ => Batches(data, o.Batch, o.BatchesPerEpoch),
            b => new StepResult(loss.Compute(model.Forward(b.X), b.Y), o.Batch),
            _ => new Dictionary<string, double> { ["val_loss"] = Evaluate(model, loss, validation.X, validation.Y).Loss },
            o.BatchesPerEpoch);
        double seconds = clock.Elapsed.TotalSeconds;
        if (o.Out != null)
            SafeTensors.Write(o.Out, model.NamedParameters().Select(p => new KeyValuePair<string, NdArray>(p.Key, NdArray.FromTensor(p.Value))),
                new Dictionary<string, string> { ["format"] = "pt", ["recur.model"] = "copy", ["recur.config"] = $"{{\"length\":{o.Length},\"hidden_size\":{o.Hidden}}}" });
        var test = new CopyMemoryProblem(o.Length, new Generator(o.Seed + 1_000_003)).Batch(1024);
        var (testLoss, accuracy) = Evaluate(model, loss, test.X, test.Y, data.CopyLength);
        return new CopyResult(o.Length, testLoss, data.Baseline, accuracy, trainer.Context.Samples, seconds, trainer.Context.StopReason);
    }

    private static IEnumerable<(Tensor X, Tensor Y)> Batches(CopyMemoryProblem data, int batch, int count)
    {
        for (int i = 0; i < count; i++) yield return data.Batch(batch);
    }

    /// <summary>Mean cross-entropy per step, and the accuracy on the last <paramref name="copyLength"/> (copied) steps.</summary>
    private static (double Loss, double CopyAccuracy) Evaluate(Sequential model, CrossEntropyLoss loss, Tensor x, Tensor y, int copyLength = 0)
    {
        bool training = model.Training;
        model.Eval();
        Tensor logits;
        double value;
        using (GradMode.NoGrad())
        {
            logits = model.Forward(x);
            value = loss.Compute(logits, y).Item();
        }
        model.Train(training);
        if (copyLength == 0) return (value, double.NaN);
        int b = logits.Size(0), l = logits.Size(1), c = logits.Size(2), right = 0;
        var p = logits.ReadOnlyData;
        for (int i = 0; i < b; i++)
            for (int t = l - copyLength; t < l; t++)
            {
                var row = p.Slice((i * l + t) * c, c);
                if (TensorPrimitives.IndexOfMax(row) == (int)y.GetValue(i, t)) right++;
            }
        return (value, (double)right / (b * copyLength));
    }
}
