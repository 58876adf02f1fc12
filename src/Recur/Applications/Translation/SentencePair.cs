// SentencePair: one line of a pairs file, raw and tokenised.
namespace Recur.Applications.Translation;

/// <summary>A source sentence and its translation.</summary>
/// <param name="Line">1-based line number in the file it came from (0 when built in code).</param>
/// <param name="Source">Source text as read.</param>
/// <param name="Target">Target text as read.</param>
/// <param name="SourceTokens">Source tokens (<see cref="PairsFile.Tokenize"/>).</param>
/// <param name="TargetTokens">Target tokens.</param>
public sealed record SentencePair(int Line, string Source, string Target, string[] SourceTokens, string[] TargetTokens)
{
    /// <summary>Tokenises both sides.</summary>
    public static SentencePair Create(string source, string target, int line = 0)
        => new(line, source, target, PairsFile.Tokenize(source), PairsFile.Tokenize(target));

    /// <summary>The source tokens joined by spaces: the key that groups the translations of one source sentence.</summary>
    public string SourceKey => string.Join(' ', SourceTokens);
}
