// TranslationResult: the figures of `recur train translate`: held-out BLEU-4 and exact match with greedy
// search and with beam search, and a few sample translations.
using System.Globalization;

namespace Recur.Applications.Translation;

/// <summary>A held-out sample: source, one reference and the beam-search translation.</summary>
public sealed record TranslationSample(string Source, string Reference, string Translation);

/// <summary>Final figures of a translation training run.</summary>
/// <param name="ReadPairs">Pairs in the file.</param>
/// <param name="TrainPairs">Pairs trained on (after the filter).</param>
/// <param name="HeldOutPairs">Held-out pairs.</param>
/// <param name="SourceVocabulary">Source vocabulary size.</param>
/// <param name="TargetVocabulary">Target vocabulary size.</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="Epochs">Epochs completed.</param>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="TrainLoss">Running training loss of the last epoch (nats per target token, averaged per sentence, in
/// training mode with the run's teacher forcing, over weights that changed during the epoch; not comparable with
/// <paramref name="HeldOutLoss"/>, which is measured with full teacher forcing on fixed weights).</param>
/// <param name="HeldOutLoss">Held-out loss, teacher forced (nats per target token).</param>
/// <param name="Greedy">Held-out scores with greedy search.</param>
/// <param name="BeamSearch">Held-out scores with beam search.</param>
/// <param name="Samples">The first held-out sentences and their translations.</param>
/// <param name="TrainSeconds">Wall time of training.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
/// <param name="StopReason">Why training stopped early, or null.</param>
public sealed record TranslationResult(int ReadPairs, int TrainPairs, int HeldOutPairs, int SourceVocabulary, int TargetVocabulary, long Parameters,
    int Epochs, long Steps, double TrainLoss, double HeldOutLoss, TranslationScore Greedy, TranslationScore BeamSearch, IReadOnlyList<TranslationSample> Samples,
    double TrainSeconds, double Seconds, string? StopReason)
{
    /// <summary>The JSON line printed with --json (bleu and exact_match are the beam-search figures).</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"task\":\"translate\",\"bleu\":{BeamSearch.Bleu.Score:0.######},\"exact_match\":{BeamSearch.ExactMatch:0.######},\"beam\":{BeamSearch.Beam},\"length_norm\":{BeamSearch.LengthNormalization:0.######}," +
        $"\"bleu_greedy\":{Greedy.Bleu.Score:0.######},\"exact_match_greedy\":{Greedy.ExactMatch:0.######},\"held_out_loss\":{HeldOutLoss:0.######}," +
        $"\"train_loss\":{TrainLoss:0.######},\"train_pairs\":{TrainPairs},\"held_out_pairs\":{HeldOutPairs},\"held_out_sentences\":{BeamSearch.Sentences}," +
        $"\"source_vocabulary\":{SourceVocabulary},\"target_vocabulary\":{TargetVocabulary},\"parameters\":{Parameters},\"epochs\":{Epochs},\"steps\":{Steps},\"seconds\":{Seconds:0.###}}}");
}
