// Tests that set the process-wide Threading.MaxThreads (to run the same case on one and on two kernel threads)
// run in this collection, outside the parallel ones: xUnit runs a collection with parallelisation disabled on
// its own, so no other test (an in-process CLI run with --threads, another worker-pool user) changes the setting
// or takes the worker pool while they run.
namespace Recur.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelThreadsCollection
{
    public const string Name = "Kernel threads (process-wide setting)";
}
