// WorkerPool: a fixed set of worker threads for kernels that split into a few equal parts (GEMM stripes,
// per-direction RNN work). The caller runs part 0 itself; worker i runs part i + 1. Workers spin briefly
// after each job before they block, so back-to-back kernels (a training step issues hundreds) do not pay
// a thread wake-up each. No allocation per job. A Run issued while another is in flight (a nested call,
// or another thread) runs its parts inline: results never depend on how parts are scheduled. A Run returns
// only when every part has finished, also when one threw; the first part's exception is rethrown, then a
// worker's.
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Recur.Kernels;

/// <summary>Work that splits into numbered parts, each independent of the others.</summary>
internal interface IParallelWork
{
    /// <summary>Runs part <paramref name="part"/> (0-based).</summary>
    void Execute(int part);
}

internal sealed class WorkerPool
{
    private static readonly Lazy<WorkerPool> s_shared = new(() => new WorkerPool(Environment.ProcessorCount - 1));

    /// <summary>How long an idle worker spins before it blocks.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000; // 1 ms: covers the pointwise work between a training step's GEMMs

    // Per worker: the job it is to run, a generation counter bumped for each job, its wake-up signal and
    // whether it is blocked on that signal. Each worker watches only its own slot.
    private readonly IParallelWork?[] _jobs;
    private readonly int[] _generations;
    private readonly int[] _sleeping;
    private readonly SemaphoreSlim[] _wake;
    private int _busy;
    private int _pending;
    private ExceptionDispatchInfo? _error;

    /// <summary>Creates a pool; <paramref name="startDelay"/> (tests only) delays each worker's first look for work.</summary>
    internal WorkerPool(int workers, TimeSpan startDelay = default)
    {
        workers = Math.Max(0, workers);
        _jobs = new IParallelWork?[workers];
        _generations = new int[workers];
        _sleeping = new int[workers];
        _wake = new SemaphoreSlim[workers];
        for (int i = 0; i < workers; i++)
        {
            _wake[i] = new SemaphoreSlim(0);
            int index = i;
            new Thread(() =>
            {
                if (startDelay > TimeSpan.Zero) Thread.Sleep(startDelay);
                WorkerLoop(index);
            }) { IsBackground = true, Name = $"Recur worker {i + 1}" }.Start();
        }
    }

    /// <summary>The process-wide pool (one worker per core beyond the caller's).</summary>
    internal static WorkerPool Shared => s_shared.Value;

    /// <summary>The most parts one Run executes in parallel (workers + the caller).</summary>
    internal int MaxParts => _jobs.Length + 1;

    /// <summary>Runs parts 0..<paramref name="parts"/>-1 of <paramref name="job"/> and returns when all are done.</summary>
    internal void Run(IParallelWork job, int parts)
    {
        if (parts <= 1 || parts > MaxParts || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int i = 0; i < parts; i++) job.Execute(i);
            return;
        }
        try
        {
            _error = null;
            Volatile.Write(ref _pending, parts - 1);
            for (int i = 0; i < parts - 1; i++)
            {
                _jobs[i] = job;
                Interlocked.Increment(ref _generations[i]);
                if (Interlocked.Exchange(ref _sleeping[i], 0) == 1)
                    _wake[i].Release();
            }
            ExceptionDispatchInfo? own = null;
            try
            {
                job.Execute(0);
            }
            catch (Exception e)
            {
                own = ExceptionDispatchInfo.Capture(e);
            }
            // Wait for the workers even when part 0 failed: released while a worker still ran, the pool could
            // hand that worker's slot a new job and miscount the parts pending.
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) != 0)
                spin.SpinOnce(sleep1Threshold: -1);
            own?.Throw();
            _error?.Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private void WorkerLoop(int index)
    {
        // Generations start at 0; a job published before this thread first runs must still be seen as new.
        int seen = 0;
        while (true)
        {
            if (!WaitForJob(index, seen))
                continue;
            // The caller cannot issue another job to this slot before this one is done, so this is exact.
            seen = Volatile.Read(ref _generations[index]);
            var job = _jobs[index]!;
            _jobs[index] = null;
            try
            {
                job.Execute(index + 1);
            }
            catch (Exception e)
            {
                _error ??= ExceptionDispatchInfo.Capture(e);
            }
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>Spins, then blocks, until this worker's generation moves past <paramref name="seen"/>.</summary>
    private bool WaitForJob(int index, int seen)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() - start < SpinTicks)
        {
            for (int i = 0; i < 64; i++)
            {
                if (Volatile.Read(ref _generations[index]) != seen) return true;
                Thread.SpinWait(4);
            }
        }
        Interlocked.Exchange(ref _sleeping[index], 1);
        if (Volatile.Read(ref _generations[index]) != seen)
        {
            // A job arrived meanwhile; if the caller already cleared the flag it also released us: absorb that.
            if (Interlocked.Exchange(ref _sleeping[index], 0) == 0)
                _wake[index].Wait();
            return true;
        }
        _wake[index].Wait();
        return Volatile.Read(ref _generations[index]) != seen;
    }
}
