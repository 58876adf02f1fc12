// PlainProgress: an epoch count that only caps a time budget is not shown as a total ("epoch 1", not
// "epoch 1/100000"); a real one is.
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tests.Training;

public class PlainProgressTests
{
    private static string Lines(bool reportTotal)
    {
        var p = Tensor.Zeros(1);
        p.RequiresGrad = true;
        var lines = new StringWriter();
        var trainer = new Trainer([new("p", p)], new Sgd([p], 0.1f))
        {
            Progress = new PlainProgress(lines, intervalSeconds: 1e9),
            TimeBudget = TimeSpan.FromMinutes(10),
            ReportEpochTotal = reportTotal,
        };
        trainer.Run(2, _ => new[] { 1, 2 }, _ => new StepResult((p * p).Sum(), 1), batchesPerEpoch: 2);
        return lines.ToString();
    }

    [Fact]
    public void A_time_bounded_run_shows_epochs_without_the_ceiling()
    {
        Assert.Contains("epoch 2  ", Lines(reportTotal: false));
        Assert.DoesNotContain("epoch 2/2", Lines(reportTotal: false));
        Assert.Contains("epoch 2/2  ", Lines(reportTotal: true));
        Assert.Equal("3/10", PlainProgress.EpochText(2, 10));
        Assert.Equal("3", PlainProgress.EpochText(2, 0));
    }

    [Fact]
    public void A_small_learning_rate_is_not_shown_as_zero()
    {
        var sb = new System.Text.StringBuilder();
        PlainProgress.Append(sb, new Dictionary<string, double> { ["loss"] = 0.00004, ["lr"] = 5e-5, ["val_mse"] = 123.456 });
        Assert.Equal("loss 0.0000  lr 5E-05  val_mse 123.5", sb.ToString());
        sb.Clear();
        PlainProgress.Append(sb, new Dictionary<string, double> { ["lr"] = 0.002 });
        Assert.Equal("lr 0.0020", sb.ToString());
    }

    [Fact]
    public void A_trainer_stopped_early_runs_again_when_asked()
    {
        // Keras' fit resets stop_training: a second Run of the same trainer trains its epochs.
        var p = Tensor.Zeros(1);
        p.RequiresGrad = true;
        var trainer = new Trainer([new("p", p)], new Sgd([p], 0.1f));
        trainer.Callbacks.Add(new EarlyStopping("loss", patience: 0, mode: "min"));
        trainer.Run(5, _ => new[] { 1 }, _ => new StepResult((p * p).Sum(), 1));
        Assert.True(trainer.Context.Epoch < 5);
        int before = trainer.Context.Epoch;
        trainer.Run(before + 1, _ => new[] { 1 }, _ => new StepResult((p * p).Sum(), 1));
        Assert.Equal(before + 1, trainer.Context.Epoch);
    }
}
