// SpeechMode: what `recur train speech` learns: one label per clip (classify) or a label sequence per
// recording with CTC (ctc: sequences of clips joined with short silences).
namespace Recur.Applications.Speech;

/// <summary>The training objective of the speech application.</summary>
public enum SpeechMode
{
    /// <summary>One label per clip, cross-entropy on the recurrent layer's final states.</summary>
    Classify,

    /// <summary>A label sequence per recording, CTC over the frames.</summary>
    Ctc,
}
