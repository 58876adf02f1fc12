using Recur.Applications.LanguageModeling;
using Recur.Autograd;
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Tests.Applications.LanguageModeling;

public class TextGeneratorTests
{
    private const string Text = "ROMEO:\nBut, soft! what light through yonder window breaks?\nIt is the east, and Juliet is the sun.\n";

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.RnnTanh)]
    public void Streaming_steps_give_the_logits_of_a_full_forward_pass(CellKind cell)
    {
        var model = LanguageModelTestData.Untrained(Text, cell);
        var ids = model.Encode("ROMEO: But");
        var generator = new TextGenerator(model, new Generator(1));
        generator.Prime("ROMEO: But");
        float[] full;
        using (GradMode.NoGrad()) full = model.Forward(ids, 1, ids.Length).Logits.ToArray();
        int v = model.Vocabulary.Count;
        TestUtil.AssertClose(full.AsSpan(full.Length - v).ToArray(), generator.Logits.ToArray(), 1e-4f);
    }

    [Fact]
    public void Greedy_generation_follows_the_argmax_of_re_reading_the_prefix()
    {
        var model = LanguageModelTestData.Untrained(Text);
        var tokens = new List<string>();
        new TextGenerator(model, new Generator(1)).Generate("It is", 12, 0f, 0, (_, t) => tokens.Add(t));
        string prefix = "It is";
        foreach (var t in tokens)
        {
            var ids = model.Encode(prefix);
            float[] logits;
            using (GradMode.NoGrad()) logits = model.Forward(ids, 1, ids.Length).Logits.ToArray();
            int v = model.Vocabulary.Count, best = -1;
            for (int i = 0; i < v; i++)
                if (i != model.Vocabulary.UnknownIndex && (best < 0 || logits[^v..][i] > logits[^v..][best])) best = i;
            Assert.Equal(model.Vocabulary[best], t);
            prefix += t;
        }
    }

    [Fact]
    public void Sampling_is_seeded_respects_top_k_and_never_emits_the_unknown_token()
    {
        var model = LanguageModelTestData.Untrained(Text);
        string Sample(ulong seed, float temperature, int k)
        {
            var sb = new System.Text.StringBuilder();
            new TextGenerator(model, new Generator(seed)).Generate("ROMEO:", 200, temperature, k, (s, t) => sb.Append(s).Append(t));
            return sb.ToString();
        }
        Assert.Equal(Sample(5, 1f, 0), Sample(5, 1f, 0));
        Assert.NotEqual(Sample(5, 1f, 0), Sample(6, 1f, 0));
        Assert.Equal(Sample(5, 0f, 0), Sample(9, 1f, 1)); // top-1 is greedy
        Assert.DoesNotContain("<unk>", Sample(7, 2f, 0));
        Assert.Equal(200, Sample(7, 2f, 0).Length);

        // Top-k: every sampled token is among the k most likely at its step.
        var generator = new TextGenerator(model, new Generator(3));
        generator.Prime("It");
        for (int n = 0; n < 100; n++)
        {
            int next = generator.Sample(1.5f, 3);
            var logits = generator.Logits.ToArray();
            logits[model.Vocabulary.UnknownIndex] = float.NegativeInfinity;
            int larger = logits.Count(l => l > logits[next]);
            Assert.True(larger < 3, $"token ranked {larger + 1} was sampled with top-k 3");
            generator.Feed(next);
        }
    }

    [Fact]
    public void A_prime_with_an_unseen_character_is_a_clear_error()
    {
        var model = LanguageModelTestData.Untrained(Text);
        var e = Assert.Throws<ArgumentException>(() => new TextGenerator(model, new Generator(1)).Prime("ROMEO§"));
        Assert.Contains("'§'", e.Message);
        Assert.Contains("--prime", e.Message);
    }
}
