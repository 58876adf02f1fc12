using Recur.Tasks;
using Recur.Training;

namespace Recur.Tests.Tasks;

public class AddingTaskTests
{
    private static MemoryTaskOptions Small(string? checkpoint = null, bool resume = false) => new()
    {
        Length = 10, Hidden = 16, Batch = 32, BatchesPerEpoch = 30, Epochs = 10, LearningRate = 0.01f, TestSequences = 256,
        Checkpoint = checkpoint, Resume = resume,
    };

    /// <summary>Cancels (like Ctrl-C) once <paramref name="batches"/> batches have been reported.</summary>
    private sealed class CancelAfter(CancellationTokenSource cts, int batches) : IProgressReporter
    {
        private int _seen;

        public void EpochStarted(int epoch, int epochs, int? total) { }

        public void BatchEnded(int batch, IReadOnlyDictionary<string, double> running, double samplesPerSecond, TimeSpan? eta)
        {
            if (++_seen == batches) cts.Cancel();
        }

        public void EpochEnded(int epoch, IReadOnlyDictionary<string, double> logs, TimeSpan elapsed) { }

        public void Finished(string? reason) { }
    }

    [Fact]
    public void Learns_beyond_the_baseline_and_an_interrupted_run_resumes_to_the_same_result()
    {
        var straight = AddingTask.Run(Small());
        Assert.True(straight.TestMse < 0.5 * straight.BaselineMse, $"test MSE {straight.TestMse}");
        Assert.Equal(10 * 30 * 32, straight.TrainSequences);

        string dir = Directory.CreateTempSubdirectory("recur-adding-").FullName;
        try
        {
            string ckpt = Path.Combine(dir, "run.checkpoint.safetensors");
            using var cts = new CancellationTokenSource();
            var interrupted = AddingTask.Run(Small(ckpt), new CancelAfter(cts, 133), cts.Token);
            Assert.Contains("--resume", interrupted.StopReason);
            Assert.True(File.Exists(ckpt));
            var resumed = AddingTask.Run(Small(ckpt, resume: true));
            Assert.Equal(straight.TestMse, resumed.TestMse);
            Assert.Equal(straight.WrongFraction, resumed.WrongFraction);
            Assert.Equal(straight.TrainSequences, resumed.TrainSequences);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Resume_without_a_checkpoint_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => AddingTask.Run(Small(Path.Combine(Path.GetTempPath(), "no-such-recur.ckpt"), resume: true)));
        Assert.Contains("no checkpoint", e.Message);
    }
}
