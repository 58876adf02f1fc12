// PairsFile: reads sentence pairs from a tab-separated file (one pair a line, e.g. `English<TAB>French` as
// in the Tatoeba / manythings.org files), and the tokenisation both sides share: typographic apostrophes
// become ASCII ones, then Text/Tokenizer.Words lower-cases and splits words from punctuation
// ("I'm cold." -> [i'm, cold, .]).
using System.Text;
using Recur.IO;
using Recur.Text;

namespace Recur.Applications.Translation;

/// <summary>Reading and tokenising sentence-pair files.</summary>
public static class PairsFile
{
    /// <summary>Lower-cased word and punctuation tokens of <paramref name="text"/>.</summary>
    public static string[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tokenizer.Words(text.Normalize(NormalizationForm.FormC).Replace('’', '\'').Replace('‘', '\''), lowercase: true);
    }

    /// <summary>Tokens joined for display: spaces between tokens, none before "." and ",".</summary>
    public static string Detokenize(IEnumerable<string> tokens)
    {
        var sb = new StringBuilder();
        foreach (var t in tokens)
        {
            if (sb.Length > 0 && t is not ("." or ",")) sb.Append(' ');
            sb.Append(t);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Reads every non-blank line of <paramref name="path"/> (UTF-8, tab-separated) as a pair of columns
    /// <paramref name="sourceColumn"/> and <paramref name="targetColumn"/> (0-based). A line with too few
    /// columns or an empty sentence is an <see cref="InvalidDataException"/> naming the line.
    /// </summary>
    public static List<SentencePair> Read(string path, int sourceColumn = 0, int targetColumn = 1) =>
        Read(path, sourceColumn, targetColumn, null);

    /// <summary>
    /// As <see cref="Read(string, int, int)"/>; <paramref name="columnsNamed"/> says where the columns came from in
    /// errors (default: the --source-column and --target-column options).
    /// </summary>
    public static List<SentencePair> Read(string path, int sourceColumn, int targetColumn, string? columnsNamed)
    {
        InputFile.Require(path, "pairs file");
        return Parse(Utf8Text.Lines(Utf8Text.Read(path)), path, sourceColumn, targetColumn, columnsNamed);
    }

    /// <summary>As <see cref="Read(string, int, int)"/> over lines already in memory (<paramref name="name"/> names them in errors).</summary>
    public static List<SentencePair> Parse(IEnumerable<string> lines, string name, int sourceColumn = 0, int targetColumn = 1, string? columnsNamed = null)
    {
        columnsNamed ??= $"--source-column {sourceColumn} and --target-column {targetColumn}";
        if (sourceColumn < 0 || targetColumn < 0)
            throw new ArgumentException($"--source-column and --target-column are 0-based and must not be negative, got {sourceColumn} and {targetColumn}.");
        if (sourceColumn == targetColumn)
            throw new ArgumentException($"--source-column and --target-column are both {sourceColumn}; give two different columns.");
        int need = Math.Max(sourceColumn, targetColumn) + 1;
        var pairs = new List<SentencePair>();
        int lineNo = 0;
        foreach (var raw in lines)
        {
            lineNo++;
            string line = lineNo == 1 ? raw.TrimStart('\uFEFF') : raw;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cols = line.Split('\t');
            if (cols.Length < need)
                throw new InvalidDataException(
                    $"{name}: line {lineNo} has {cols.Length} tab-separated column(s), but {columnsNamed} need {need}. " +
                    "Each line must hold a source sentence and its translation separated by a tab.");
            string src = cols[sourceColumn].Trim(), tgt = cols[targetColumn].Trim();
            if (src.Length == 0 || tgt.Length == 0)
                throw new InvalidDataException($"{name}: line {lineNo} has an empty {(src.Length == 0 ? "source" : "target")} sentence; remove the line or fill it.");
            var pair = SentencePair.Create(src, tgt, lineNo);
            if (pair.SourceTokens.Length == 0 || pair.TargetTokens.Length == 0)
                throw new InvalidDataException($"{name}: line {lineNo} has a sentence with no tokens; remove the line.");
            pairs.Add(pair);
        }
        if (pairs.Count == 0) throw new InvalidDataException($"{name} holds no sentence pairs.");
        return pairs;
    }
}
