using Recur.Applications.Translation;
using Recur.Kernels;
using Recur.Tensors;
using Recur.Text;
using SeqDecoding = Recur.Applications.Translation.Decoding;

namespace Recur.Tests.Applications.Translation;

public class Seq2SeqTests
{
    private static TranslationConfig Config(CellKind cell, AttentionKind attention, bool bidirectional) => new(cell, 8, 6, bidirectional, attention,
        new PairFilter(6, []), new Vocabulary(["<pad>", "<unk>", "a", "b", "c"]), new Vocabulary(["<pad>", "<unk>", "<bos>", "<eos>", "x", "y", "z"]));

    [Theory]
    [InlineData(CellKind.Lstm, AttentionKind.Dot, true)]
    [InlineData(CellKind.Gru, AttentionKind.General, false)]
    [InlineData(CellKind.Lstm, AttentionKind.Additive, false)]
    public void Every_cell_and_attention_trains_and_beam_one_equals_greedy(CellKind cell, AttentionKind attention, bool bidirectional)
    {
        var model = new Seq2Seq(Config(cell, attention, bidirectional), new Generator(2));
        int[][] sources = [[2, 3, 4], [4, 2]];
        int[][] targets = [[4, 5, 6], [6, 4]];
        var optimizer = new Recur.Optim.Adam(model.Parameters(), 0.05f);
        float first = 0, last = 0;
        for (int step = 0; step < 40; step++)
        {
            model.ZeroGrad();
            var loss = model.Loss(sources, targets, 1f, new Generator(1));
            if (step == 0) first = loss.Item();
            last = loss.Item();
            loss.Backward();
            optimizer.Step();
        }
        Assert.True(last < first * 0.2f, $"loss {first} -> {last}");
        model.Eval();
        foreach (var s in sources)
        {
            var greedy = SeqDecoding.Greedy(model, s, 5);
            Assert.Equal(greedy.Tokens, SeqDecoding.Beam(model, s, 1, 5).Tokens);
        }
        Assert.Equal([4, 5, 6], SeqDecoding.Beam(model, sources[0], 3, 5).Tokens);
    }

    [Fact]
    public void Teacher_forcing_ratio_changes_the_loss_and_is_reproducible_with_a_seed()
    {
        var model = new Seq2Seq(Config(CellKind.Gru, AttentionKind.Additive, true), new Generator(4));
        int[][] sources = [[2, 3, 4], [4, 2]];
        int[][] targets = [[4, 5, 6, 4, 5], [6, 4]];
        float forced = model.Loss(sources, targets, 1f, new Generator(1)).Item();
        float free = model.Loss(sources, targets, 0f, new Generator(1)).Item();
        float half1 = model.Loss(sources, targets, 0.5f, new Generator(9)).Item();
        float half2 = model.Loss(sources, targets, 0.5f, new Generator(9)).Item();
        Assert.NotEqual(forced, free);
        Assert.Equal(half1, half2);
    }

    [Fact]
    public void Beam_search_refuses_a_beam_wider_than_the_vocabulary_and_a_non_finite_length_norm()
    {
        var model = new Seq2Seq(Config(CellKind.Gru, AttentionKind.Dot, false), new Generator(4));
        model.Eval();
        Assert.NotNull(SeqDecoding.Beam(model, [2, 3], 5, 4)); // every token that can be output is a valid width
        var wide = Assert.Throws<ArgumentException>(() => SeqDecoding.Beam(model, [2, 3], 6, 4));
        Assert.Contains("--beam 6 is wider than the target vocabulary (5 tokens that can be output, <pad> and <bos> left out)", wide.Message);
        // Neither search ever outputs <pad> or <bos>, even where the model scores them highest.
        var pad = model.Config.TargetVocabulary.PadIndex;
        var bias = model.StateDict()["output.bias"];
        bias.Data[pad] = 50f;
        bias.Data[model.Bos] = 40f;
        foreach (var h in new[] { SeqDecoding.Greedy(model, [2, 3], 6), SeqDecoding.Beam(model, [2, 3], 5, 6), SeqDecoding.Beam(model, [1, 4], 3, 6, 0.5) })
            Assert.DoesNotContain(h.Tokens, t => t == pad || t == model.Bos);
        foreach (double alpha in new[] { double.NaN, double.PositiveInfinity, -1 })
            Assert.Contains("--length-norm", Assert.Throws<ArgumentException>(() => SeqDecoding.Beam(model, [2, 3], 2, 4, alpha)).Message);
    }
}
