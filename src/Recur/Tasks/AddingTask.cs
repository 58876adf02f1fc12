// AddingTask: `recur train adding`: an LSTM (+ Linear on the last step) trained with Adam on freshly
// generated adding-problem batches (Data/AddingProblem), checkpointed and resumable, reporting the
// fraction of held-out sequences with |error| >= 0.04 (Hochreiter & Schmidhuber 1997) beside the
// always-predict-1 baseline MSE 1/6.
using System.Diagnostics;
using System.Globalization;
using Recur.Autograd;
using Recur.Data;
using Recur.IO;
using Recur.Layers;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tasks;

/// <summary>Final figures of an adding-problem run.</summary>
public sealed record AddingResult(int Length, int TestSequences, double WrongFraction, double TestMse, long TrainSequences,
    double Seconds, IReadOnlyList<(float Target, float Prediction)> Samples, string? StopReason)
{
    /// <summary>The always-predict-1 baseline MSE.</summary>
    public double BaselineMse => AddingProblem.BaselineMse;

    /// <summary>The JSON line printed with --json.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"task\":\"adding\",\"length\":{Length},\"test_sequences\":{TestSequences},\"wrong_fraction\":{WrongFraction:0.######},\"test_mse\":{TestMse:0.########},\"baseline_mse\":{BaselineMse:0.####},\"train_sequences\":{TrainSequences},\"seconds\":{Seconds:0.#}}}");
}

/// <summary>Trains and evaluates the adding problem.</summary>
public static class AddingTask
{
    /// <summary>Runs the task; <paramref name="cancel"/> (Ctrl-C) stops after the current batch with a checkpoint.</summary>
    public static AddingResult Run(MemoryTaskOptions o, IProgressReporter? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Batch <= 0 || o.Hidden <= 0 || o.BatchesPerEpoch <= 0 || o.Epochs <= 0 || o.TestSequences <= 0)
            throw new ArgumentException("adding: --batch, --hidden, --epochs and the batches per epoch must be positive.");
        var init = new Generator(o.Seed);
        var model = new LastStepRegressor(new Lstm(2, o.Hidden, generator: init), new Linear(o.Hidden, 1, generator: init));
        var optimizer = new Adam(model.Parameters(), o.LearningRate);
        var dataGen = new Generator(o.Seed + 1);
        var data = new AddingProblem(o.Length, dataGen);
        var validation = new AddingProblem(o.Length, new Generator(o.Seed + 2)).Batch(512);
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
        if (o.StopAt is { } target) trainer.Callbacks.Add(new StopWhenBelow("val_wrong_fraction", target));
        var clock = Stopwatch.StartNew();
        trainer.Run(o.Epochs, _ => Batches(data, o.Batch, o.BatchesPerEpoch), b =>
        {
            var d = model.Forward(b.X) - b.Y;
            return new StepResult((d * d).Mean(), o.Batch);
        }, _ =>
        {
            var (wrong, mse, _) = Evaluate(model, validation.X, validation.Target);
            return new Dictionary<string, double> { ["val_mse"] = mse, ["val_wrong_fraction"] = wrong };
        }, o.BatchesPerEpoch);
        double seconds = clock.Elapsed.TotalSeconds;
        if (o.Out != null)
            SafeTensors.Write(o.Out, model.NamedParameters().Select(p => new KeyValuePair<string, NdArray>(p.Key, NdArray.FromTensor(p.Value))),
                new Dictionary<string, string> { ["format"] = "pt", ["recur.model"] = "adding", ["recur.config"] = $"{{\"length\":{o.Length},\"hidden_size\":{o.Hidden}}}" });

        var test = new AddingProblem(o.Length, new Generator(o.Seed + 1_000_003));
        int wrongCount = 0, done = 0;
        double squared = 0;
        var samples = new List<(float, float)>();
        while (done < o.TestSequences)
        {
            int n = Math.Min(512, o.TestSequences - done);
            var (x, y) = test.Batch(n);
            var (w, mse, s) = Evaluate(model, x, y);
            wrongCount += (int)Math.Round(w * n);
            squared += mse * n;
            if (samples.Count == 0) samples.AddRange(s.Take(5));
            done += n;
        }
        return new AddingResult(o.Length, o.TestSequences, (double)wrongCount / o.TestSequences, squared / o.TestSequences,
            trainer.Context.Samples, seconds, samples, trainer.Context.StopReason);
    }

    private static IEnumerable<(Tensor X, Tensor Y)> Batches(AddingProblem data, int batch, int count)
    {
        for (int i = 0; i < count; i++) yield return data.Batch(batch);
    }

    /// <summary>Wrong fraction (|error| >= 0.04), MSE and (target, prediction) pairs on x, y.</summary>
    private static (double Wrong, double Mse, List<(float, float)> Samples) Evaluate(LastStepRegressor model, Tensor x, Tensor y)
    {
        bool training = model.Training;
        model.Eval();
        float[] p;
        using (GradMode.NoGrad()) p = model.Forward(x).ToArray();
        model.Train(training);
        var t = y.ToArray();
        int wrong = 0;
        double sq = 0;
        var samples = new List<(float, float)>(t.Length);
        for (int i = 0; i < t.Length; i++)
        {
            double e = p[i] - t[i];
            sq += e * e;
            if (Math.Abs(e) >= 0.04) wrong++;
            samples.Add((t[i], p[i]));
        }
        return ((double)wrong / t.Length, sq / t.Length, samples);
    }
}
