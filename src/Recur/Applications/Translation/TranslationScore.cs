// TranslationScore: the figures of translating a set of pairs: corpus BLEU-4 against all the references of
// each distinct source sentence, and the exact-match rate (the translation's tokens equal one reference's).
using System.Globalization;

namespace Recur.Applications.Translation;

/// <summary>BLEU and exact match of translations of distinct source sentences.</summary>
/// <param name="Beam">Beam width used (1 = greedy).</param>
/// <param name="Bleu">Corpus BLEU-4 in [0, 1] with its parts.</param>
/// <param name="ExactMatch">Fraction of sources whose translation equals one of their references, token for token.</param>
/// <param name="Sentences">Distinct source sentences translated.</param>
/// <param name="Pairs">Pairs (references) they came from.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record TranslationScore(int Beam, BleuScore Bleu, double ExactMatch, int Sentences, int Pairs, double Seconds)
{
    /// <summary>The length-normalisation exponent the beam search ranked hypotheses with (unused by greedy decoding).</summary>
    public double LengthNormalization { get; init; } = 1.0;

    private string BeamLabel => Beam == 1 ? "beam 1" : string.Create(CultureInfo.InvariantCulture, $"beam {Beam} (length norm {LengthNormalization:0.###})");

    /// <summary>The JSON line printed by `recur eval --json`.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"task\":\"translate\",\"beam\":{Beam},\"length_norm\":{LengthNormalization:0.######},\"bleu\":{Bleu.Score:0.######},\"exact_match\":{ExactMatch:0.######},\"brevity_penalty\":{Bleu.BrevityPenalty:0.####},\"sentences\":{Sentences},\"pairs\":{Pairs},\"seconds\":{Seconds:0.##}}}");

    /// <summary>One readable line.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{BeamLabel}: BLEU-4 {100 * Bleu.Score:0.00} (precisions {string.Join("/", Bleu.Precisions.Select(p => (100 * p).ToString("0.0", CultureInfo.InvariantCulture)))}, BP {Bleu.BrevityPenalty:0.000}), exact match {100 * ExactMatch:0.0}% of {Sentences} sentences");
}
