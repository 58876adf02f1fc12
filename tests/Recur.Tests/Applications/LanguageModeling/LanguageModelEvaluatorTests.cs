using Recur.Applications.LanguageModeling;
using Recur.Autograd;
using Recur.Kernels;
using Recur.Losses;

namespace Recur.Tests.Applications.LanguageModeling;

public class LanguageModelEvaluatorTests
{
    private const string Text = "First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n";

    /// <summary>The mean cross-entropy of one full-length forward pass over the whole sequence (the definition).</summary>
    private static double OnePass(LanguageModel model, int[] ids)
    {
        using var _ = GradMode.NoGrad();
        var (logits, _) = model.Forward(ids[..^1], 1, ids.Length - 1);
        return new CrossEntropyLoss().Compute(logits, ids[1..]).Item();
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.RnnTanh)]
    public void Short_windows_with_carried_state_equal_one_pass_over_the_text(CellKind cell)
    {
        var model = LanguageModelTestData.Untrained(Text, cell);
        var ids = model.Encode(Text);
        double expected = OnePass(model, ids);
        var e = LanguageModelEvaluator.Evaluate(model, ids, streams: 1, window: 7);
        Assert.Equal(expected, e.Loss, 5);
        Assert.Equal(ids.Length - 1, e.Tokens);
        Assert.Equal(Math.Exp(expected), e.Perplexity, 4);
    }

    [Fact]
    public void Parallel_streams_score_every_token_once_each_from_its_own_stream_start()
    {
        var model = LanguageModelTestData.Untrained(Text);
        var ids = model.Encode(Text);
        int predictions = ids.Length - 1, streams = 3, chunk = (predictions + streams - 1) / streams;
        double sum = 0;
        for (int s = 0; s < streams; s++)
        {
            int from = s * chunk, to = Math.Min(ids.Length, (s + 1) * chunk + 1); // inputs from..to-2, targets from+1..to-1
            sum += OnePass(model, ids[from..to]) * (to - from - 1);
        }
        var e = LanguageModelEvaluator.Evaluate(model, ids, streams, window: 5);
        Assert.Equal(sum / predictions, e.Loss, 5);
        Assert.Equal(predictions, e.Tokens);
    }

    [Fact]
    public void Unknown_characters_are_counted_and_one_token_is_an_error()
    {
        var model = LanguageModelTestData.Untrained(Text);
        var e = LanguageModelEvaluator.Evaluate(model, "Speak, ~speak~.");
        Assert.Equal(2, e.UnknownTokens);
        Assert.Equal(14, e.Tokens);
        var error = Assert.Throws<InvalidDataException>(() => LanguageModelEvaluator.Evaluate(model, "S"));
        Assert.Contains("at least 2", error.Message);
    }
}
