// LanguageModelResult and LanguageModelEvaluation: the figures of `recur train charlm` and of
// `recur eval` on a charlm model: cross-entropy in nats per token, perplexity = exp(loss), throughput.
using System.Globalization;

namespace Recur.Applications.LanguageModeling;

/// <summary>Cross-entropy of a language model over a text.</summary>
/// <param name="Loss">Mean cross-entropy in nats per predicted token.</param>
/// <param name="Tokens">Predicted tokens (every token but the first).</param>
/// <param name="UnknownTokens">Tokens outside the vocabulary (scored as the unknown token).</param>
/// <param name="Seconds">Wall time of the evaluation.</param>
public sealed record LanguageModelEvaluation(double Loss, long Tokens, long UnknownTokens, double Seconds)
{
    /// <summary>exp(<see cref="Loss"/>).</summary>
    public double Perplexity => Math.Exp(Loss);

    /// <summary>Tokens scored per second.</summary>
    public double TokensPerSecond => Tokens / Math.Max(Seconds, 1e-9);

    /// <summary>Bits per token (loss / ln 2).</summary>
    public double BitsPerToken => Loss / Math.Log(2);

    /// <summary>The JSON line printed by `recur eval --json`.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"task\":\"charlm\",\"val_loss\":{Loss:0.######},\"perplexity\":{Perplexity:0.####},\"tokens\":{Tokens},\"unknown_tokens\":{UnknownTokens},\"tokens_per_s\":{TokensPerSecond:0.#},\"seconds\":{Seconds:0.##}}}");
}

/// <summary>Final figures of a language-model training run.</summary>
/// <param name="Tokens">Characters or words.</param>
/// <param name="Validation">Loss and perplexity on the held-out part after training.</param>
/// <param name="TrainTokens">Tokens in the training part.</param>
/// <param name="Vocabulary">V, the vocabulary size (specials included).</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="Steps">Optimizer steps taken (in all runs, when resumed).</param>
/// <param name="TokensTrained">Tokens seen by training in this run and earlier runs of a resumed one.</param>
/// <param name="TrainSeconds">Wall time of this run's training (without the final evaluation).</param>
/// <param name="TokensPerSecond">Training throughput of this run.</param>
/// <param name="Seconds">Wall time of the whole run: training, final evaluation and saving.</param>
/// <param name="StopReason">Why training stopped early (time budget, Ctrl-C), or null.</param>
public sealed record LanguageModelResult(TokenUnit Tokens, LanguageModelEvaluation Validation, long TrainTokens, int Vocabulary, long Parameters,
    long Steps, long TokensTrained, double TrainSeconds, double TokensPerSecond, double Seconds, string? StopReason)
{
    /// <summary>Validation loss in nats per token.</summary>
    public double ValLoss => Validation.Loss;

    /// <summary>exp(<see cref="ValLoss"/>).</summary>
    public double Perplexity => Validation.Perplexity;

    /// <summary>The JSON line printed with --json.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"task\":\"charlm\",\"token_unit\":\"{Tokens.Name()}\",\"val_loss\":{ValLoss:0.######},\"perplexity\":{Perplexity:0.####},\"tokens_per_s\":{TokensPerSecond:0.#},\"seconds\":{Seconds:0.###},\"steps\":{Steps},\"train_tokens\":{TrainTokens},\"val_tokens\":{Validation.Tokens},\"vocabulary\":{Vocabulary},\"parameters\":{Parameters}}}");
}
