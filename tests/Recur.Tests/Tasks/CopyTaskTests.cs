using System.Text.Json;
using Recur.Tasks;

namespace Recur.Tests.Tasks;

public class CopyTaskTests
{
    [Fact]
    public void Short_run_reports_loss_beside_the_memoryless_baseline()
    {
        var r = CopyTask.Run(new MemoryTaskOptions { Length = 5, Hidden = 16, Batch = 16, BatchesPerEpoch = 10, Epochs = 2, LearningRate = 0.01f });
        Assert.Equal(10 * Math.Log(8) / 25, r.Baseline, 12);
        Assert.True(double.IsFinite(r.TestLoss) && r.TestLoss < Math.Log(10), $"test loss {r.TestLoss}");
        using var doc = JsonDocument.Parse(r.ToJson());
        Assert.Equal("copy", doc.RootElement.GetProperty("task").GetString());
        Assert.Equal(320, doc.RootElement.GetProperty("train_sequences").GetInt64());
    }
}
