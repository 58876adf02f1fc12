// TranslationSplit: a held-out split by source sentence: the distinct source sentences are shuffled with a
// seeded generator and a fraction of them is held out with every pair they appear in, so no source sentence
// is on both sides (Tatoeba often has several translations of one sentence).
using Recur.Tensors;

namespace Recur.Applications.Translation;

/// <summary>Splits pairs into training and held-out parts by source sentence.</summary>
public static class TranslationSplit
{
    /// <summary>(train, held-out) with about <paramref name="fraction"/> of the distinct sources (at least one) held out.</summary>
    public static (List<SentencePair> Train, List<SentencePair> HeldOut) Split(IReadOnlyList<SentencePair> pairs, double fraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (!(fraction is > 0 and < 1)) throw new ArgumentException($"--held-out must lie in (0, 1), got {fraction}.");
        var keys = pairs.Select(p => p.SourceKey).Distinct(StringComparer.Ordinal).ToArray();
        if (keys.Length < 2)
            throw new InvalidDataException($"only {keys.Length} distinct source sentence(s) after filtering: too few to hold some out. Give more pairs or loosen --max-length / --prefixes.");
        new Generator(seed).Shuffle(keys.AsSpan());
        int held = Math.Clamp((int)Math.Round(fraction * keys.Length), 1, keys.Length - 1);
        var heldOut = new HashSet<string>(keys.Take(held), StringComparer.Ordinal);
        var train = pairs.Where(p => !heldOut.Contains(p.SourceKey)).ToList();
        var test = pairs.Where(p => heldOut.Contains(p.SourceKey)).ToList();
        return (train, test);
    }
}
