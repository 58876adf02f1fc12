// TrainingContext: what callbacks see and may change during Trainer.Run: the model's parameters, the
// optimizer, the epoch and step counters, the history so far, and a stop flag (early stopping, Ctrl-C).
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Training;

/// <summary>The state of a running training loop, shared with callbacks.</summary>
public sealed class TrainingContext
{
    internal TrainingContext(IReadOnlyList<KeyValuePair<string, Tensor>> parameters, Optimizer optimizer, History history,
        IReadOnlyList<KeyValuePair<string, Tensor>>? stateDict = null)
    {
        Parameters = parameters;
        StateDict = stateDict ?? parameters;
        Optimizer = optimizer;
        History = history;
    }

    /// <summary>The trained parameters with their names.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> Parameters { get; }

    /// <summary>
    /// Every parameter under each of its names, as a state_dict lists them: a tied weight appears under both of
    /// its names (<see cref="Parameters"/> holds it once), so a file written from these loads strictly.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> StateDict { get; }

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Per-epoch logs so far.</summary>
    public History History { get; }

    /// <summary>The current epoch (0-based).</summary>
    public int Epoch { get; internal set; }

    /// <summary>Optimizer steps taken in this run (including resumed ones).</summary>
    public long Step { get; internal set; }

    /// <summary>Samples trained on so far.</summary>
    public long Samples { get; internal set; }

    /// <summary>Set to end training after the current batch (callbacks, Ctrl-C).</summary>
    public bool StopTraining { get; set; }

    /// <summary>Why training stopped early, if it did.</summary>
    public string? StopReason { get; set; }

    /// <summary>The current epoch's summed loss (loss × samples) and samples so far; a mid-epoch checkpoint keeps them.</summary>
    internal double EpochLossSum { get; set; }

    /// <summary>Samples trained on in the current epoch so far.</summary>
    internal long EpochSamples { get; set; }
}
