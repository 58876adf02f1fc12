// TrainingDivergedException: the loss became NaN or infinite; training stopped and the last good
// checkpoint (if any) was kept.
namespace Recur.Training;

/// <summary>Thrown when a training loss is not finite.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception with a message that says what to try.</summary>
    public TrainingDivergedException(string message) : base(message) { }
}
