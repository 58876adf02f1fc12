using Recur.Text;
using Xunit;

namespace Recur.Tests.Text;

public class TokenizerTests
{
    [Fact]
    public void WordsKeepPunctuationAndInnerApostrophes()
    {
        Assert.Equal(new[] { "hello", ",", "world", "!", "don't", "stop", "2", "u" }, Tokenizer.Words("Hello, world! Don't stop\t2 u"));
    }

    [Fact]
    public void WordsCanKeepCase()
    {
        Assert.Equal(new[] { "FREE", "entry", "'" }, Tokenizer.Words("FREE entry '", lowercase: false));
    }

    [Fact]
    public void CharactersAreScalarValues()
    {
        var chars = Tokenizer.Characters("a😀b\n");
        Assert.Equal(new[] { "a", "😀", "b", "\n" }, chars);
    }
}
