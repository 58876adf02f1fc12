using Recur.Kernels;

namespace Recur.Tests.Kernels;

public class WorkerPoolTests
{
    private sealed class CountingWork : IParallelWork
    {
        public readonly int[] Counts = new int[8];

        public void Execute(int part) => Interlocked.Increment(ref Counts[part]);
    }

    private sealed class FailingWork : IParallelWork
    {
        public void Execute(int part)
        {
            if (part == 1) throw new InvalidDataException("part 1 failed");
        }
    }

    /// <summary>Part 0 fails at once; part 1 takes a while and records that it finished.</summary>
    private sealed class SlowWorkerWork : IParallelWork
    {
        public int Finished;

        public void Execute(int part)
        {
            if (part == 0) throw new InvalidDataException("part 0 failed");
            Thread.Sleep(200);
            Volatile.Write(ref Finished, 1);
        }
    }

    private static void WithTimeout(Action action)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), "the worker pool hung");
        task.GetAwaiter().GetResult();
    }

    [Fact]
    public void A_job_issued_right_after_creation_is_not_missed()
    {
        WithTimeout(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                // The worker thread starts late, after the first job was published.
                var pool = new WorkerPool(1, TimeSpan.FromMilliseconds(20));
                var work = new CountingWork();
                pool.Run(work, 2);
                Assert.Equal(1, work.Counts[0]);
                Assert.Equal(1, work.Counts[1]);
            }
        });
    }

    [Fact]
    public void Every_part_runs_exactly_once_over_many_jobs_with_idle_gaps()
    {
        WithTimeout(() =>
        {
            var pool = new WorkerPool(3);
            var work = new CountingWork();
            const int jobs = 5000;
            for (int i = 0; i < jobs; i++)
            {
                pool.Run(work, 1 + i % 4);
                if (i % 1000 == 999) Thread.Sleep(5); // let workers block, then wake them again
            }
            for (int p = 0; p < 4; p++)
                Assert.Equal(Enumerable.Range(0, jobs).Count(i => 1 + i % 4 > p), work.Counts[p]);
        });
    }

    [Fact]
    public void An_exception_in_a_worker_reaches_the_caller()
    {
        WithTimeout(() =>
        {
            var pool = new WorkerPool(1);
            var e = Assert.Throws<InvalidDataException>(() => pool.Run(new FailingWork(), 2));
            Assert.Contains("part 1", e.Message);
            var work = new CountingWork();
            pool.Run(work, 2); // still usable afterwards
            Assert.Equal(1, work.Counts[1]);
        });
    }

    [Fact]
    public void A_failing_caller_part_still_waits_for_the_workers()
    {
        WithTimeout(() =>
        {
            var pool = new WorkerPool(1);
            var work = new SlowWorkerWork();
            var e = Assert.Throws<InvalidDataException>(() => pool.Run(work, 2));
            Assert.Contains("part 0", e.Message);
            // Run must not return while part 1 still runs: the pool would then be free with a worker busy.
            Assert.Equal(1, Volatile.Read(ref work.Finished));
            var next = new CountingWork();
            pool.Run(next, 2);
            Assert.Equal(1, next.Counts[1]);
        });
    }
}
