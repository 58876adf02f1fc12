// PairFilter: the short-sentence filter of the PyTorch seq2seq tutorial, which makes training feasible in
// minutes on a CPU: keep a pair when both sides have at most MaxLength tokens and, when prefixes are
// given, one side starts with one of them ("i am", "he's", ... on the English side of eng-fra).
namespace Recur.Applications.Translation;

/// <summary>Which sentence pairs training keeps.</summary>
/// <param name="MaxLength">Most tokens on either side (the model's length limit).</param>
/// <param name="Prefixes">Token prefixes one side must start with (space-separated tokens each); empty keeps every pair.</param>
public sealed record PairFilter(int MaxLength, string[] Prefixes)
{
    /// <summary>The tutorial's English prefixes, in this tokeniser's form ("i'm" stays one token).</summary>
    public static readonly string[] EnglishPrefixes =
    [
        "i am", "i'm", "he is", "he's", "she is", "she's", "you are", "you're", "we are", "we're", "they are", "they're",
    ];

    /// <summary>The default: at most 10 tokens a side, English side starting with <see cref="EnglishPrefixes"/>.</summary>
    public static PairFilter Default => new(10, EnglishPrefixes);

    /// <summary>True when <paramref name="pair"/> passes.</summary>
    public bool Keep(SentencePair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (pair.SourceTokens.Length > MaxLength || pair.TargetTokens.Length > MaxLength) return false;
        if (Prefixes.Length == 0) return true;
        return StartsWithAny(pair.SourceTokens) || StartsWithAny(pair.TargetTokens);
    }

    private bool StartsWithAny(string[] tokens)
    {
        foreach (var prefix in Prefixes)
        {
            var p = prefix.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (p.Length == 0 || p.Length > tokens.Length) continue;
            bool match = true;
            for (int i = 0; i < p.Length && match; i++) match = tokens[i] == p[i];
            if (match) return true;
        }
        return false;
    }
}
