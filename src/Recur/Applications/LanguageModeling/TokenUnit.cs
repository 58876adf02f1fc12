// TokenUnit: what a language model's tokens are: characters (Unicode scalar values) or words and
// punctuation marks (Text/Tokenizer.Words, lower-cased).
using Recur.Text;

namespace Recur.Applications.LanguageModeling;

/// <summary>The unit a language model reads and writes.</summary>
public enum TokenUnit
{
    /// <summary>One token per Unicode scalar value.</summary>
    Char,

    /// <summary>One token per word or punctuation mark, lower-cased.</summary>
    Word,
}

/// <summary>Tokenisation and detokenisation for <see cref="TokenUnit"/>.</summary>
public static class TokenUnits
{
    /// <summary>Parses "char" or "word" (case-insensitive); anything else is an ArgumentException naming the choices.</summary>
    public static TokenUnit Parse(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "char" or "chars" or "character" => TokenUnit.Char,
        "word" or "words" => TokenUnit.Word,
        _ => throw new ArgumentException($"--tokens must be 'char' or 'word', got '{text}'."),
    };

    /// <summary>The option spelling: "char" or "word".</summary>
    public static string Name(this TokenUnit unit) => unit == TokenUnit.Char ? "char" : "word";

    /// <summary>The tokens of <paramref name="text"/>.</summary>
    public static string[] Tokenize(this TokenUnit unit, string text) =>
        unit == TokenUnit.Char ? Tokenizer.Characters(text) : Tokenizer.Words(text);

    /// <summary>
    /// What to write before <paramref name="token"/> when it follows <paramref name="previous"/>: nothing for
    /// characters; for words a space, except before punctuation and after an opening bracket or a newline.
    /// </summary>
    public static string Separator(this TokenUnit unit, string? previous, string token)
    {
        if (unit == TokenUnit.Char || previous == null) return "";
        if (token.Length == 1 && !char.IsLetterOrDigit(token[0]) && token[0] is not ('(' or '[' or '&')) return "";
        if (previous is "(" or "[" or "\n") return "";
        return " ";
    }
}
