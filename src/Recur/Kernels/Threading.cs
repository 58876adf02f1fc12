// Threading: how many threads Recur's kernels may use, set explicitly (the CLI's --threads). Kernels
// split work so that results never depend on this number: it changes speed, not values.
namespace Recur.Kernels;

/// <summary>The thread budget of Recur's kernels.</summary>
public static class Threading
{
    private static int s_maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// Threads a kernel may use (default: the number of cores). Results are identical for every value.
    /// </summary>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxThreads must be at least 1.");
            s_maxThreads = value;
        }
    }
}
