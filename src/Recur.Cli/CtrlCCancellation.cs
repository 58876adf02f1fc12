// CtrlCCancellation: turns Ctrl-C (SIGINT) into a cancellation token for as long as it is alive, so a
// training command can stop cleanly (score, save, checkpoint) instead of the process being killed. A second
// Ctrl-C is left to the runtime, which ends the process.
namespace Recur.Cli;

/// <summary>Cancels <see cref="Token"/> on Ctrl-C until disposed.</summary>
internal sealed class CtrlCCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    /// <summary>Starts listening for Ctrl-C.</summary>
    public CtrlCCancellation() => Console.CancelKeyPress += OnCancel;

    /// <summary>Cancelled when Ctrl-C is pressed.</summary>
    public CancellationToken Token => _source.Token;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        // The first Ctrl-C stops cleanly after the current batch (scoring and saving can take a while); a
        // second one ends the process at once, as a user pressing it again expects.
        if (_source.IsCancellationRequested) return;
        e.Cancel = true;
        _source.Cancel();
        Console.Error.WriteLine("stopping cleanly (press Ctrl-C again to quit at once)");
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _source.Dispose();
    }
}
