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
}
