// TaggedSentence: one sentence of a sequence-labelling corpus: its words (syntactic words, as CoNLL-U
// numbers them) and one tag per word (UPOS for CoNLL-U).
namespace Recur.Applications.Tagging;

/// <summary>A sentence as parallel arrays of words and their tags (same length, at least one word).</summary>
/// <param name="Words">The word forms, in order.</param>
/// <param name="Tags">One tag per word.</param>
public sealed record TaggedSentence(string[] Words, string[] Tags);
