// ClassPrediction: what TextClassifier.Predict returns for one text.
namespace Recur.Applications.Classification;

/// <summary>A predicted class with every class's probability.</summary>
/// <param name="Label">The most probable label.</param>
/// <param name="Probability">Its probability.</param>
/// <param name="Probabilities">Probability per label, in <see cref="ClassifierConfig.Labels"/> order.</param>
public sealed record ClassPrediction(string Label, float Probability, float[] Probabilities);
