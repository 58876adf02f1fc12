// TextFile: reads a training or evaluation text for the language model: strict UTF-8 (an invalid byte
// is an error naming its offset, never a silent replacement character), a leading byte-order mark
// skipped, and an empty file refused.
using Recur.IO;

namespace Recur.Applications.LanguageModeling;

/// <summary>Reads UTF-8 text files for language modelling.</summary>
public static class TextFile
{
    /// <summary>
    /// The text of <paramref name="path"/>. A missing file is a FileNotFoundException; an empty file or one
    /// that is not valid UTF-8 is an InvalidDataException naming the file and the fix.
    /// </summary>
    public static string Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        InputFile.Require(path, "text file");
        var bytes = File.ReadAllBytes(path);
        return Decode(bytes, path);
    }

    /// <summary>Decodes <paramref name="bytes"/> as strict UTF-8 (see <see cref="Read"/>); <paramref name="name"/> is for messages.</summary>
    public static string Decode(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        if (bytes.Length - start == 0)
            throw new InvalidDataException($"'{name}' is empty; a language model needs text to read.");
        return Utf8Text.Decode(bytes, name);
    }
}
