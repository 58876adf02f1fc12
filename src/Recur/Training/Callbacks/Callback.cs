// Callback: hooks into Trainer.Run (Keras' callbacks): train begin/end, epoch begin/end, batch end.
namespace Recur.Training;

/// <summary>Base class of training callbacks; override the hooks you need.</summary>
public abstract class Callback
{
    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin(TrainingContext context) { }

    /// <summary>At the start of each epoch.</summary>
    public virtual void OnEpochBegin(TrainingContext context, int epoch) { }

    /// <summary>After each optimizer step.</summary>
    public virtual void OnBatchEnd(TrainingContext context, int batch, double loss) { }

    /// <summary>After each complete epoch with its logs (loss, val_loss, metrics, lr).</summary>
    public virtual void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs) { }

    /// <summary>After training ends, normally or not.</summary>
    public virtual void OnTrainEnd(TrainingContext context) { }
}
