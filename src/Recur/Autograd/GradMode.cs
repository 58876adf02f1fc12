// GradMode: whether ops record a graph on this thread. A NoGrad scope turns recording off (inference,
// optimizer steps); scopes nest. Thread-local so that worker threads never see another thread's scope.
namespace Recur.Autograd;

/// <summary>Controls graph recording for the current thread.</summary>
public static class GradMode
{
    [ThreadStatic] private static int t_noGradDepth;

    /// <summary>True unless the current thread is inside a <see cref="NoGrad"/> scope.</summary>
    public static bool IsEnabled => t_noGradDepth == 0;

    /// <summary>
    /// Starts a scope in which ops do not record a graph: <c>using (GradMode.NoGrad()) { ... }</c>.
    /// </summary>
    public static NoGradScope NoGrad()
    {
        t_noGradDepth++;
        return new NoGradScope();
    }

    internal static void Exit() => t_noGradDepth--;
}

/// <summary>A scope in which ops do not record a graph; dispose it to end the scope.</summary>
public struct NoGradScope : IDisposable
{
    private bool _disposed;

    /// <summary>Ends the scope.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        GradMode.Exit();
    }
}
