// LanguageModelEvaluator: the cross-entropy of a language model over a whole token sequence with carried
// state. The N - 1 predictions (every token but the first) are cut into S contiguous streams read side by
// side in windows; each stream starts from a zero state and carries it to its end, so apart from S - 1
// cold starts every token is predicted from all the text before it in its stream. The last stream may be
// shorter; its missing positions are masked out. Nothing is dropped: the figure covers every token.
using System.Diagnostics;
using Recur.Autograd;
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Applications.LanguageModeling;

/// <summary>Computes nats per token and perplexity of a <see cref="LanguageModel"/> over a text.</summary>
public static class LanguageModelEvaluator
{
    /// <summary>Evaluates <paramref name="model"/> on <paramref name="text"/> (tokenised as the model was trained).</summary>
    public static LanguageModelEvaluation Evaluate(LanguageModel model, string text, int streams = 16, int window = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(text);
        return Evaluate(model, model.Encode(text), streams, window);
    }

    /// <summary>
    /// Evaluates <paramref name="model"/> on token indices <paramref name="tokens"/> (at least 2) read as
    /// <paramref name="streams"/> parallel streams in windows of <paramref name="window"/> steps.
    /// </summary>
    public static LanguageModelEvaluation Evaluate(LanguageModel model, int[] tokens, int streams = 16, int window = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Length < 2)
            throw new InvalidDataException($"the text has {tokens.Length} {model.Config.Tokens.Name()} token(s); scoring needs at least 2 (one to read, one to predict).");
        if (streams <= 0 || window <= 0) throw new ArgumentException("streams and window must be positive.");
        var clock = Stopwatch.StartNew();
        int predictions = tokens.Length - 1;
        int chunk = (predictions + Math.Min(streams, predictions) - 1) / Math.Min(streams, predictions);
        int b = (predictions + chunk - 1) / chunk; // no empty stream
        long unknown = 0;
        int unk = model.Vocabulary.UnknownIndex;
        for (int i = 1; i < tokens.Length; i++)
            if (tokens[i] == unk) unknown++;

        var loss = new CrossEntropyLoss(reduction: Reduction.Sum);
        bool training = model.Training;
        model.Eval();
        double total = 0;
        try
        {
            using var _ = GradMode.NoGrad();
            RecurrentState? state = null;
            for (int start = 0; start < chunk; start += window)
            {
                int steps = Math.Min(window, chunk - start);
                var ids = new int[b * steps];
                var targets = new int[b * steps];
                var mask = Tensor.Zeros(b, steps);
                var m = mask.Data;
                for (int s = 0; s < b; s++)
                {
                    // Stream s predicts tokens[1 + s * chunk ..] from the token before each.
                    int first = 1 + s * chunk + start;
                    for (int t = 0; t < steps; t++)
                    {
                        int p = first + t;
                        if (p >= tokens.Length || p >= 1 + (s + 1) * chunk) continue;
                        ids[s * steps + t] = tokens[p - 1];
                        targets[s * steps + t] = tokens[p];
                        m[s * steps + t] = 1f;
                    }
                }
                var (logits, next) = model.Forward(ids, b, steps, state);
                state = next;
                total += loss.Compute(logits, targets, mask).Item();
            }
        }
        finally
        {
            model.Train(training);
        }
        return new LanguageModelEvaluation(total / predictions, predictions, unknown, clock.Elapsed.TotalSeconds);
    }
}
