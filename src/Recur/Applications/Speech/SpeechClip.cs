// SpeechClip: one labelled recording of a corpus folder. The label comes from the file name,
// `{label}_{speaker}_{index}.wav` (the Free Spoken Digit Dataset's convention): the text before the first
// underscore; speaker and index are optional for evaluation but the official split needs the index.
using System.Globalization;

namespace Recur.Applications.Speech;

/// <summary>A recording with its label, speaker and index parsed from the file name, and its mono samples.</summary>
/// <param name="Path">The WAV file.</param>
/// <param name="Label">The label (text before the first '_').</param>
/// <param name="Speaker">The speaker (second field), or "" when absent.</param>
/// <param name="Index">The recording index (last field), or null when absent or not a number.</param>
/// <param name="Samples">Mono samples at <paramref name="SampleRate"/>.</param>
/// <param name="SampleRate">Samples per second.</param>
public sealed record SpeechClip(string Path, string Label, string Speaker, int? Index, float[] Samples, int SampleRate)
{
    /// <summary>
    /// Parses `{label}_{speaker}_{index}.wav`; throws <see cref="InvalidDataException"/> naming the file when
    /// the name carries no label (no '_' or an empty first field).
    /// </summary>
    public static (string Label, string Speaker, int? Index) ParseName(string path)
    {
        string stem = System.IO.Path.GetFileNameWithoutExtension(path);
        var parts = stem.Split('_');
        if (parts.Length < 2 || parts[0].Length == 0)
            throw new InvalidDataException(
                $"{path}: the file name carries no label. Name recordings {{label}}_{{speaker}}_{{index}}.wav (e.g. 7_theo_12.wav).");
        int? index = parts.Length >= 3 && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : null;
        return (parts[0], parts.Length >= 3 ? parts[1] : "", index);
    }
}
