// ConllU: reads CoNLL-U files (Universal Dependencies) into tagged sentences. Token lines have 10
// TAB-separated columns (ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC); lines starting with '#' are
// comments; a blank line ends a sentence. Multi-word token ranges ("3-4", the surface form of "do"+"n't")
// and empty nodes ("8.1") are skipped: the syntactic words are the tokens. Malformed lines throw
// InvalidDataException naming file:line.
using System.Globalization;
using Recur.IO;

namespace Recur.Applications.Tagging;

/// <summary>CoNLL-U reading (FORM and UPOS columns).</summary>
public static class ConllU
{
    /// <summary>Reads every sentence of <paramref name="path"/>; errors name file:line and the fix.</summary>
    public static List<TaggedSentence> Read(string path)
    {
        InputFile.Require(path, "CoNLL-U file");
        using var reader = new StringReader(Utf8Text.Read(path));
        var sentences = Parse(reader, path);
        if (sentences.Count == 0)
            throw new InvalidDataException($"{path}: no sentences (a CoNLL-U file has 10 TAB-separated columns per word, sentences separated by blank lines).");
        return sentences;
    }

    /// <summary>Parses CoNLL-U text; <paramref name="name"/> names the source in errors.</summary>
    public static List<TaggedSentence> Parse(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var sentences = new List<TaggedSentence>();
        var words = new List<string>();
        var tags = new List<string>();
        int lineNumber = 0, expectedId = 1, sentenceStart = 0;
        void EndSentence()
        {
            if (words.Count > 0) sentences.Add(new TaggedSentence(words.ToArray(), tags.ToArray()));
            words.Clear();
            tags.Clear();
            expectedId = 1;
        }
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (line.Trim().Length == 0)
            {
                EndSentence();
                continue;
            }
            if (line[0] == '#')
            {
                if (words.Count > 0)
                    throw new InvalidDataException($"{name}:{lineNumber}: a comment inside a sentence (comments go before a sentence's first word; end the sentence with a blank line).");
                continue;
            }
            if (words.Count == 0) sentenceStart = lineNumber;
            var cols = line.Split('\t');
            if (cols.Length != 10)
                throw new InvalidDataException(
                    $"{name}:{lineNumber}: expected 10 TAB-separated columns (ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC), found {cols.Length}. Is the file CoNLL-U, with TABs (not spaces) between columns?");
            string id = cols[0];
            if (id.Contains('-') || id.Contains('.'))
            {
                var parts = id.Split(id.Contains('-') ? '-' : '.');
                if (parts.Length != 2 || !IsPositive(parts[0]) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    throw new InvalidDataException($"{name}:{lineNumber}: bad ID '{id}' (expected a word number like 3, a range like 3-4 or an empty node like 3.1).");
                continue; // multi-word token range or empty node
            }
            if (!IsPositive(id))
                throw new InvalidDataException($"{name}:{lineNumber}: bad ID '{id}' (expected a word number like 3, a range like 3-4 or an empty node like 3.1).");
            int n = int.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture);
            if (n != expectedId)
                throw new InvalidDataException(
                    $"{name}:{lineNumber}: word ID {n} where {expectedId} was expected (the sentence starting at line {(words.Count == 0 ? lineNumber : sentenceStart)}); is a blank line missing between sentences?");
            expectedId++;
            if (cols[1].Length == 0 || cols[3].Length == 0 || cols[3] == "_")
                throw new InvalidDataException($"{name}:{lineNumber}: word {n} has an empty FORM or no UPOS tag (column 4).");
            words.Add(cols[1]);
            tags.Add(cols[3]);
        }
        EndSentence();
        return sentences;
    }

    private static bool IsPositive(string s) =>
        s.Length > 0 && s.All(char.IsAsciiDigit) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0;
}
