using Recur.IO;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tests.Training;

public class CallbackTests
{
    /// <summary>A one-parameter "model" whose validation figures follow a script.</summary>
    private static History Run(IEnumerable<Callback> callbacks, double[] valLoss, Optimizer? optimizer = null, Tensor? p = null)
    {
        p ??= Tensor.FromArray([1f]).RequireGrad();
        var trainer = new Trainer([new("w", p)], optimizer ?? new Sgd([p], lr: 0.1f));
        foreach (var cb in callbacks) trainer.Callbacks.Add(cb);
        return trainer.Run(valLoss.Length, _ => new[] { 0 }, _ => new StepResult((p * p).Sum(), 1),
            epoch => new Dictionary<string, double> { ["val_loss"] = valLoss[epoch], ["val_accuracy"] = 1 - valLoss[epoch] });
    }

    [Fact]
    public void Best_checkpoint_writes_only_on_improvement()
    {
        string path = Path.Combine(Path.GetTempPath(), $"recur-best-{Guid.NewGuid():N}.safetensors");
        try
        {
            var best = new BestCheckpoint(path, monitor: "val_accuracy");
            Run([best], [0.5, 0.3, 0.4, 0.35]);
            Assert.Equal(0.7, best.Best, 12);
            var file = SafeTensors.Read(path);
            Assert.Contains("epoch 2", file.Metadata["recur.best"]);
            // The weights saved are those after epoch 2: w = 1 * (1 - 0.2)^2.
            Assert.Equal(0.64f, file["w"].AsFloat32()[0], 5);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Best_weights_of_tied_layers_load_back_strictly()
    {
        // A layer used twice has two state_dict names for one tensor: the file holds both, as PyTorch's state_dict does.
        string path = Path.Combine(Path.GetTempPath(), $"recur-best-{Guid.NewGuid():N}.safetensors");
        try
        {
            var shared = new Recur.Layers.Linear(2, 2, generator: new Generator(1));
            var model = new Recur.Layers.Sequential(shared, shared);
            var trainer = new Trainer(model.NamedParameters(), new Sgd(model.Parameters(), lr: 0.1f));
            trainer.Callbacks.Add(new BestCheckpoint(path));
            var x = Tensor.Ones(1, 2);
            trainer.Run(1, _ => new[] { 0 }, _ => new StepResult(model.Forward(x).Sum(), 1), _ => new Dictionary<string, double> { ["val_loss"] = 1 });
            Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias"], SafeTensors.Read(path).Names.ToArray());
            var copy = new Recur.Layers.Sequential(new Recur.Layers.Linear(2, 2), new Recur.Layers.Linear(2, 2));
            WeightsFile.Load(path, copy); // strict
            Assert.Equal(shared.Weight.ToArray(), copy.StateDict()["1.weight"].ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_resumed_run_keeps_the_best_file_of_the_run_it_continues()
    {
        // A new process resuming from a checkpoint has a fresh BestCheckpoint: it reads the best so far from its
        // file, so a worse epoch after the resume does not replace the best weights.
        string path = Path.Combine(Path.GetTempPath(), $"recur-best-{Guid.NewGuid():N}.safetensors");
        try
        {
            double[] val = [0.5, 0.3, 0.4, 0.2];
            var p = Tensor.FromArray([1f]).RequireGrad();
            var first = new Trainer([new("w", p)], new Sgd([p], lr: 0.1f));
            first.Callbacks.Add(new BestCheckpoint(path));
            first.Run(2, _ => new[] { 0 }, _ => new StepResult((p * p).Sum(), 1), e => new Dictionary<string, double> { ["val_loss"] = val[e] });
            var saved = File.ReadAllBytes(path);

            var resumed = new Trainer([new("w", p)], new Sgd([p], lr: 0.1f));
            resumed.Context.Epoch = 2; // as Checkpointer.TryResume leaves it
            resumed.Context.Step = 2;
            var best = new BestCheckpoint(path);
            resumed.Callbacks.Add(best);
            resumed.Run(3, _ => new[] { 0 }, _ => new StepResult((p * p).Sum(), 1), e => new Dictionary<string, double> { ["val_loss"] = val[e] });
            Assert.Equal(0.3, best.Best, 12);
            Assert.Equal(saved, File.ReadAllBytes(path));
            resumed.Context.StopTraining = false;
            resumed.Run(4, _ => new[] { 0 }, _ => new StepResult((p * p).Sum(), 1), e => new Dictionary<string, double> { ["val_loss"] = val[e] });
            Assert.Equal(0.2, best.Best, 12); // a real improvement still writes
            Assert.NotEqual(saved, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Lr_schedule_callback_steps_each_epoch_and_plateau_uses_the_monitor()
    {
        var p = Tensor.FromArray([1f]).RequireGrad();
        var sgd = new Sgd([p], lr: 1f);
        var history = Run([new LrScheduleCallback(new StepLr(sgd, stepSize: 2, gamma: 0.5))], [1, 1, 1, 1, 1], sgd, p);
        Assert.Equal(new[] { 1.0, 1.0, 0.5, 0.5, 0.25 }, history["lr"]); // the rate used during each epoch

        var q = Tensor.FromArray([1f]).RequireGrad();
        var sgd2 = new Sgd([q], lr: 1f);
        var plateau = new ReduceLrOnPlateau(sgd2, patience: 0, factor: 0.5);
        Run([new LrScheduleCallback(plateau, "val_loss")], [1, 0.5, 0.6, 0.7], sgd2, q);
        Assert.Equal(0.25f, sgd2.Lr, 6);
    }

    private sealed class ReasonSink : IProgressReporter
    {
        public string? Reason;
        public void EpochStarted(int epoch, int epochs, int? batches) { }
        public void BatchEnded(int batch, IReadOnlyDictionary<string, double> running, double samplesPerSecond, TimeSpan? eta) { }
        public void EpochEnded(int epoch, IReadOnlyDictionary<string, double> logs, TimeSpan elapsed) { }
        public void Finished(string? reason) => Reason = reason;
    }

    [Theory]
    [InlineData(1, "did not improve for 1 epoch (best 0.5)")]
    [InlineData(2, "did not improve for 2 epochs (best 0.5)")]
    public void Early_stopping_names_its_patience_in_the_right_number(int patience, string expected)
    {
        var p = Tensor.FromArray([1f]).RequireGrad();
        var sink = new ReasonSink();
        var trainer = new Trainer([new("w", p)], new Sgd([p], lr: 0.1f)) { Progress = sink };
        trainer.Callbacks.Add(new EarlyStopping(patience: patience));
        double[] val = [0.5, 0.6, 0.7, 0.8];
        var history = trainer.Run(val.Length, _ => new[] { 0 }, _ => new StepResult((p * p).Sum(), 1),
            epoch => new Dictionary<string, double> { ["val_loss"] = val[epoch] });
        Assert.Equal(patience + 1, history["val_loss"].Length);
        Assert.EndsWith(expected, sink.Reason);
    }

    [Fact]
    public void A_missing_monitor_names_the_available_figures()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Run([new EarlyStopping("val_f1")], [1, 2]));
        Assert.Contains("val_loss", e.Message);
    }

    [Fact]
    public void A_plateau_schedule_without_a_monitor_is_refused_at_once()
    {
        var sgd = new Sgd([Tensor.Zeros(1)], 0.1f);
        var e = Assert.Throws<ArgumentException>(() => new LrScheduleCallback(new ReduceLrOnPlateau(sgd)));
        Assert.Contains("monitor: \"val_loss\"", e.Message);
        Assert.Throws<ArgumentNullException>(() => new EarlyStopping(monitor: null!));
    }

    [Fact]
    public void Restore_best_weights_also_restores_when_the_epochs_run_out()
    {
        // Keras 3: on_train_end restores the best epoch's weights whether or not training stopped early.
        // w = 1 * 0.8^epochs after SGD on w^2 with lr 0.1; val_loss is best after epoch 2 (0-based 1).
        var p = Tensor.FromArray([1f]).RequireGrad();
        var stop = new EarlyStopping("val_loss", patience: 5, restoreBestWeights: true);
        var history = Run([stop], [1.0, 0.5, 0.6], p: p);
        Assert.Equal(3, history["val_loss"].Length);
        Assert.Null(stop.StoppedEpoch);
        Assert.Equal(1, stop.BestEpoch);
        Assert.Equal(0.64f, p.ToArray()[0], 6);

        // Reused for another run, it restores that run's best, never the first run's weights.
        var q = Tensor.FromArray([1f]).RequireGrad();
        Run([stop], [0.9, 1.0], p: q);
        Assert.Equal(0, stop.BestEpoch);
        Assert.Equal(0.8f, q.ToArray()[0], 6);
    }

    [Theory]
    [InlineData("val_loss", false)]
    [InlineData("loss", false)]
    [InlineData("val_accuracy", true)]
    [InlineData("top5_accuracy", true)]
    [InlineData("val_f1", true)]
    [InlineData("val_macro_f1", true)]
    [InlineData("auc", true)]
    [InlineData("val_perplexity", false)]
    [InlineData("val_rmse", false)]
    [InlineData("char_error_rate", false)]
    [InlineData("val_wer", false)]
    [InlineData("val_ppl", false)]            // the charlm trainer's log name
    [InlineData("val_wrong_fraction", false)] // the adding task's
    public void Auto_mode_reads_the_direction_from_the_name(string monitor, bool up)
    {
        Assert.Equal(up, MonitorModeProbe(monitor));
    }

    private static bool MonitorModeProbe(string monitor)
    {
        // Through the public surface: the best of [0.2, 0.8] is 0.8 when the figure goes up, 0.2 when down.
        string path = Path.Combine(Path.GetTempPath(), $"recur-mode-{Guid.NewGuid():N}.safetensors");
        try
        {
            var best = new BestCheckpoint(path, monitor: monitor);
            var p = Tensor.FromArray([1f]).RequireGrad();
            var trainer = new Trainer([new("w", p)], new Sgd([p], lr: 0.1f));
            trainer.Callbacks.Add(best);
            double[] values = [0.2, 0.8];
            trainer.Run(2, _ => new[] { 0 }, _ => new StepResult((p * p).Sum(), 1), e => new Dictionary<string, double> { [monitor] = values[e] });
            return best.Best > 0.5;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Auto_mode_refuses_a_name_it_cannot_place()
    {
        // Keras 3 raises too; minimising an unknown figure silently would stop or keep the wrong epochs.
        var e = Assert.Throws<ArgumentException>(() => new EarlyStopping("val_kappa"));
        Assert.Contains("mode: \"max\"", e.Message);
        Assert.Equal("val_kappa", new EarlyStopping("val_kappa", mode: "max").Monitor);
    }

    [Fact]
    public void A_plateau_schedule_facing_the_wrong_way_is_refused()
    {
        var sgd = new Sgd([Tensor.Zeros(1)], 0.1f);
        var e = Assert.Throws<ArgumentException>(() => new LrScheduleCallback(new ReduceLrOnPlateau(sgd), "val_accuracy"));
        Assert.Contains("create it with mode: \"max\"", e.Message);
        _ = new LrScheduleCallback(new ReduceLrOnPlateau(sgd, mode: "max"), "val_accuracy");
        _ = new LrScheduleCallback(new ReduceLrOnPlateau(sgd), "val_custom"); // unknown names keep the scheduler's mode
    }
}
