// AllocationBudget: a per-thread cap, while a scope is open, on the values that randomly initialised
// parameters may allocate. Loading an application model opens one sized by the file's own tensors, so a
// configuration that declares a far larger network than the file holds (a damaged or edited file) is
// refused before gigabytes are allocated and filled, not after. Thread-local like GradMode: worker threads
// and other callers never see another thread's scope.
namespace Recur.Tensors;

internal static class AllocationBudget
{
    [ThreadStatic] private static long t_remaining;
    [ThreadStatic] private static bool t_active;
    [ThreadStatic] private static long t_limit;

    /// <summary>Opens a scope in which at most <paramref name="values"/> parameter values may be allocated.</summary>
    internal static Scope Limit(long values)
    {
        var scope = new Scope(t_active, t_remaining, t_limit);
        (t_active, t_remaining, t_limit) = (true, values, values);
        return scope;
    }

    /// <summary>Takes <paramref name="values"/> from the open scope's budget (nothing outside a scope).</summary>
    /// <exception cref="InvalidDataException">The budget is exceeded.</exception>
    internal static void Take(long values)
    {
        if (!t_active) return;
        if (values > t_remaining)
            throw new InvalidDataException(
                $"the configuration describes a network with more parameters than the file can hold (more than {t_limit:N0} values); the file is damaged or its configuration was edited.");
        t_remaining -= values;
    }

    /// <summary>Restores the enclosing scope (or none) when disposed.</summary>
    internal readonly struct Scope(bool active, long remaining, long limit) : IDisposable
    {
        public void Dispose() => (t_active, t_remaining, t_limit) = (active, remaining, limit);
    }
}
