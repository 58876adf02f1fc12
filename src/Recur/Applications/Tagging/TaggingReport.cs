// TaggingReport: token accuracy of a tagger on a CoNLL-U set beside the most-frequent-tag baseline
// (each word form's most frequent training tag, else the most frequent training tag), and the accuracy on
// the words without an embedding of their own: forms (lowercased) seen fewer than --min-count times in
// training, so never-seen words and rare ones alike (not the out-of-vocabulary accuracy of papers that count
// only never-seen forms).
using System.Globalization;
using Recur.Text;

namespace Recur.Applications.Tagging;

/// <summary>Figures of a tagger on one set of sentences.</summary>
/// <param name="Sentences">Sentences scored.</param>
/// <param name="Tokens">Words scored.</param>
/// <param name="Accuracy">Fraction of words tagged right.</param>
/// <param name="BaselineAccuracy">The same for the most-frequent-tag baseline.</param>
/// <param name="UnknownTokens">Words whose form (lowercased) has no embedding of its own.</param>
/// <param name="UnknownAccuracy">Accuracy on those (NaN when there are none).</param>
public sealed record TaggingReport(int Sentences, int Tokens, double Accuracy, double BaselineAccuracy, int UnknownTokens, double UnknownAccuracy)
{
    /// <summary>The JSON fields of these figures (no braces).</summary>
    public string JsonFields() => string.Create(CultureInfo.InvariantCulture,
        $"\"sentences\":{Sentences},\"tokens\":{Tokens},\"accuracy\":{Accuracy:0.######},\"baseline_accuracy\":{BaselineAccuracy:0.######},\"unknown_tokens\":{UnknownTokens},\"unknown_accuracy\":{(double.IsNaN(UnknownAccuracy) ? "null" : UnknownAccuracy.ToString("0.######", CultureInfo.InvariantCulture))}");

    /// <summary>A one-line human summary.</summary>
    public string Summary(string what) => string.Create(CultureInfo.InvariantCulture,
        $"tag: accuracy {Accuracy:P2} on {Counted.Of(Tokens, "word")} ({Counted.Of(Sentences, "sentence")}) of {what}; most-frequent-tag baseline {BaselineAccuracy:P2}; words without an embedding of their own {UnknownTokens} at {UnknownAccuracy:P2}");

    /// <summary>The JSON line of <c>recur eval</c>.</summary>
    public string ToJson() => $"{{\"task\":\"tag\",{JsonFields()}}}";
}
