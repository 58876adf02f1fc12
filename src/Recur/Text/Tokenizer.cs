// Tokenizer: splits text into character or word tokens. Characters are Unicode scalar values (a
// character outside the Basic Multilingual Plane is one token, not two halves). Words are runs of
// letters or digits (with inner apostrophes, as in "don't"); every other non-space character is a token
// of its own, so punctuation survives and "Hello, world!" gives [hello , world !]. Words keep their
// combining marks (accents written apart, Indic vowel signs and viramas, Arabic harakat): "नमस्ते" is one
// word, not six pieces. Text is not Unicode-normalised (the runtime runs in invariant globalization mode,
// where string.Normalize leaves non-ASCII text as it is), so a decomposed "café" is one word but a
// different token from the composed one.
using System.Globalization;
using System.Text;

namespace Recur.Text;

/// <summary>Character and word tokenisation.</summary>
public static class Tokenizer
{
    /// <summary>The text's Unicode scalar values, one string each.</summary>
    public static string[] Characters(string text)
    {
        var tokens = new List<string>(text.Length);
        foreach (var rune in text.EnumerateRunes())
            tokens.Add(rune.ToString());
        return tokens.ToArray();
    }

    /// <summary>
    /// Words and punctuation marks, lower-cased when <paramref name="lowercase"/> (invariant culture).
    /// </summary>
    public static string[] Words(string text, bool lowercase = true)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool inner = c is '\'' or '’' && word.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]);
            if (char.IsLetterOrDigit(c) || inner || char.IsSurrogate(c) || (word.Length > 0 && IsMark(c)))
            {
                word.Append(c);
                continue;
            }
            Flush(word, tokens, lowercase);
            if (!char.IsWhiteSpace(c) && !char.IsControl(c))
                tokens.Add(lowercase ? char.ToLowerInvariant(c).ToString() : c.ToString());
        }
        Flush(word, tokens, lowercase);
        return tokens.ToArray();
    }

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static void Flush(StringBuilder word, List<string> tokens, bool lowercase)
    {
        if (word.Length == 0) return;
        string w = word.ToString();
        tokens.Add(lowercase ? w.ToLowerInvariant() : w);
        word.Clear();
    }
}
