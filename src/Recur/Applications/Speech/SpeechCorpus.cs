// SpeechCorpus: every *.wav file of a folder (not recursive), sorted by name, decoded to mono with its
// label from the file name (decoded in order, so the first bad file is the one named). Bad files fail with the file's name (WavReader's errors, SpeechClip.ParseName);
// a folder without WAV files fails with the folder's name. The official FSDD split puts recordings with
// index 0-4 in the test set.
using Recur.Audio;
using Recur.IO;

namespace Recur.Applications.Speech;

/// <summary>The labelled recordings of a folder.</summary>
public sealed class SpeechCorpus
{
    private SpeechCorpus(string folder, IReadOnlyList<SpeechClip> clips) => (Folder, Clips) = (folder, clips);

    /// <summary>The folder read.</summary>
    public string Folder { get; }

    /// <summary>The recordings, sorted by file name.</summary>
    public IReadOnlyList<SpeechClip> Clips { get; }

    /// <summary>Reads every .wav file of <paramref name="folder"/>, in name order.</summary>
    public static SpeechCorpus Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        InputFile.RequireFolder(folder, "data folder");
        var files = Directory.GetFiles(folder).Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new InvalidDataException($"{folder} has no usable recordings: no .wav files (expected {{label}}_{{speaker}}_{{index}}.wav).");
        var clips = new SpeechClip[files.Length];
        foreach (var f in files) SpeechClip.ParseName(f); // name errors before any decoding
        for (int i = 0; i < files.Length; i++)
        {
            var (label, speaker, index) = SpeechClip.ParseName(files[i]);
            var audio = WavReader.Read(files[i]);
            if (audio.Length == 0) throw new InvalidDataException($"{files[i]} has no samples.");
            clips[i] = new SpeechClip(files[i], label, speaker, index, audio.Mono(), audio.SampleRate);
        }
        return new SpeechCorpus(folder, clips);
    }

    /// <summary>
    /// The official split (index 0-4 test, the rest train); every clip needs an index in its name.
    /// </summary>
    public (IReadOnlyList<SpeechClip> Train, IReadOnlyList<SpeechClip> Test) OfficialSplit(int testIndices = 5)
    {
        foreach (var c in Clips)
            if (c.Index == null)
                throw new InvalidDataException($"{c.Path}: no recording index in the name; the train/test split needs {{label}}_{{speaker}}_{{index}}.wav.");
        var train = Clips.Where(c => c.Index >= testIndices).ToList();
        var test = Clips.Where(c => c.Index < testIndices).ToList();
        if (train.Count == 0 || test.Count == 0)
            throw new InvalidDataException($"{Folder}: the split (index 0-{testIndices - 1} = test) leaves {train.Count} training and {test.Count} test recordings; both must be non-empty.");
        return (train, test);
    }
}
