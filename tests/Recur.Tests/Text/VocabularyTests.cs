using Recur.Text;
using Xunit;

namespace Recur.Tests.Text;

public class VocabularyTests
{
    private static readonly string[][] Texts = [["b", "a", "b", "c"], ["b", "a", "d"]];

    [Fact]
    public void BuildOrdersByFrequencyThenOrdinallyAfterSpecials()
    {
        var v = Vocabulary.Build(Texts);
        Assert.Equal(new[] { "<pad>", "<unk>", "b", "a", "c", "d" }, v.Tokens);
        Assert.Equal(0, v.PadIndex);
        Assert.Equal(1, v.UnknownIndex);
    }

    [Fact]
    public void UnknownTokensMapToUnk()
    {
        var v = Vocabulary.Build(Texts, minCount: 2);
        Assert.Equal(new[] { 2, 3, 1 }, v.Encode(["b", "a", "c"]));
    }

    [Fact]
    public void MaxSizeCountsSpecials()
    {
        Assert.Equal(new[] { "<pad>", "<unk>", "b" }, Vocabulary.Build(Texts, maxSize: 3).Tokens);
    }

    [Fact]
    public void WithoutUnknownAnUnseenTokenIsAnError()
    {
        var v = Vocabulary.Build(Texts, withPad: false, withUnknown: false);
        var e = Assert.Throws<ArgumentException>(() => v.IndexOf("zebra"));
        Assert.Contains("'zebra' is not in the vocabulary", e.Message);
    }

    [Fact]
    public void JsonRoundTrips()
    {
        var v = Vocabulary.Build(Texts);
        var back = Vocabulary.FromJson(v.ToJson());
        Assert.Equal(v.Tokens, back.Tokens);
        Assert.Throws<InvalidDataException>(() => Vocabulary.FromJson("{not json"));
    }

    [Fact]
    public void DuplicateTokensAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new Vocabulary(["a", "a"]));
    }
}
