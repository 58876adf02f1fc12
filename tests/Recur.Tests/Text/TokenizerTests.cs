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

    [Fact]
    public void WordsKeepTheirCombiningMarks()
    {
        // Accents written apart (U+0301, U+0300) stay in their word; they used to split it into pieces.
        Assert.Equal(new[] { "cafe\u0301", "cre\u0300me" }, Tokenizer.Words("Cafe\u0301 cre\u0300me"));
        // Devanagari vowel signs and virama are marks (Mn/Mc), not word ends.
        Assert.Equal(new[] { "नमस्ते", "दुनिया", "!" }, Tokenizer.Words("नमस्ते दुनिया!"));
        // A mark with no word before it is a token of its own, as any other symbol.
        Assert.Equal(new[] { "\u0301", "a" }, Tokenizer.Words("\u0301 a"));
    }
}
