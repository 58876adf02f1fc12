// Loss: a static facade over the losses for one-off calls (Loss.Mse(prediction, target)) and the
// name lookup a configuration file or CLI uses (Loss.FromName("cross_entropy")). Every method
// forwards to the loss class of the same name; shapes and semantics are documented there.
using Recur.Tensors;

namespace Recur.Losses;

/// <summary>One-call losses and lookup by name.</summary>
public static class Loss
{
    /// <summary>The names <see cref="FromName"/> accepts (case-insensitive), canonical names first.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "mse", "mae", "huber", "cross_entropy", "bce_with_logits",
        "l1", "crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
    ];

    /// <summary>Mean squared error of prediction and target (same shape S): [] or S (None). See <see cref="MseLoss"/>.</summary>
    public static Tensor Mse(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean) =>
        new MseLoss(reduction).Compute(prediction, target);

    /// <summary>Mean absolute error of prediction and target (same shape S): [] or S (None). See <see cref="MaeLoss"/>.</summary>
    public static Tensor Mae(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean) =>
        new MaeLoss(reduction).Compute(prediction, target);

    /// <summary>Huber loss of prediction and target (same shape S): [] or S (None). See <see cref="HuberLoss"/>.</summary>
    public static Tensor Huber(Tensor prediction, Tensor target, float delta = 1f, Reduction reduction = Reduction.Mean) =>
        new HuberLoss(delta, reduction).Compute(prediction, target);

    /// <summary>
    /// Cross-entropy of logits [..., C] against class indices [...] or probabilities [..., C], with an
    /// optional 0/1 mask [...]: [] or [...] (None). See <see cref="CrossEntropyLoss"/>.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Tensor? mask = null, int ignoreIndex = -100,
        float labelSmoothing = 0f, Reduction reduction = Reduction.Mean) =>
        new CrossEntropyLoss(ignoreIndex, labelSmoothing, reduction).Compute(logits, target, mask);

    /// <summary>
    /// Cross-entropy of logits [..., C] against one class index per position (row-major over [...]), with an
    /// optional 0/1 mask [...]: [] or [...] (None). See <see cref="CrossEntropyLoss"/>.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, int[] targets, Tensor? mask = null, int ignoreIndex = -100,
        float labelSmoothing = 0f, Reduction reduction = Reduction.Mean) =>
        new CrossEntropyLoss(ignoreIndex, labelSmoothing, reduction).Compute(logits, targets, mask);

    /// <summary>
    /// Binary cross-entropy of logits and targets (same shape S), with optional per-class positive weights
    /// [C] or [1]: [] or S (None). See <see cref="BceWithLogitsLoss"/>.
    /// </summary>
    public static Tensor BceWithLogits(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean, Tensor? posWeight = null) =>
        new BceWithLogitsLoss(reduction, posWeight).Compute(logits, target);

    /// <summary>
    /// The loss with default options for a name: "mse", "mae" (or "l1"), "huber", "cross_entropy" (or
    /// "crossentropy", "sparse_categorical_crossentropy"), "bce_with_logits" (or "binary_crossentropy").
    /// Both cross-entropies take logits: the Keras names mean Keras' <c>from_logits=True</c> (Keras' default
    /// takes probabilities), so a model compiled with them must not end in a sigmoid (Compile refuses one).
    /// Case-insensitive; an unknown name throws <see cref="ArgumentException"/> listing the valid ones.
    /// </summary>
    public static ILoss FromName(string name, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "mse" => new MseLoss(reduction),
            "mae" or "l1" => new MaeLoss(reduction),
            "huber" => new HuberLoss(1f, reduction),
            "cross_entropy" or "crossentropy" or "sparse_categorical_crossentropy" => new CrossEntropyLoss(reduction: reduction),
            "bce_with_logits" or "binary_crossentropy" => new BceWithLogitsLoss(reduction),
            _ => throw new ArgumentException(
                $"Unknown loss '{name}'. Valid names: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
