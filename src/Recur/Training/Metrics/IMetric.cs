// IMetric: a figure accumulated over batches (accuracy, RMSE, ...). Predictions are model outputs;
// class targets are float tensors holding class indices. Reset starts a new epoch or evaluation.
using Recur.Tensors;

namespace Recur.Training.Metrics;

/// <summary>A metric accumulated batch by batch.</summary>
public interface IMetric
{
    /// <summary>The name used in logs and history ("accuracy", "rmse", ...).</summary>
    string Name { get; }

    /// <summary>Forgets everything accumulated.</summary>
    void Reset();

    /// <summary>Adds a batch: prediction and target as given to the loss.</summary>
    void Update(Tensor prediction, Tensor target);

    /// <summary>The value over everything since <see cref="Reset"/>.</summary>
    double Result { get; }
}
