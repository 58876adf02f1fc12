// Utf8Text: reads a text file as strict UTF-8 for the data readers (pairs, CSV, CoNLL-U, labelled text):
// a leading byte-order mark is dropped, and a byte sequence that is not UTF-8 (a Latin-1 or Windows-1252
// export, say) is an InvalidDataException naming the file, the byte offset and the fix, rather than
// being replaced by U+FFFD and read on as a different word.
using System.Text;

namespace Recur.IO;

/// <summary>Strict UTF-8 reading of text files.</summary>
public static class Utf8Text
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="path"/>; a missing file is a FileNotFoundException, invalid UTF-8 an InvalidDataException.</summary>
    public static string Read(string path)
    {
        InputFile.Require(path, "data file");
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes <paramref name="bytes"/> as strict UTF-8 (see <see cref="Read"/>); <paramref name="name"/> is for messages.</summary>
    public static string Decode(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var span = bytes.AsSpan();
        // UTF-16 and UTF-32 ("Unicode" in Excel and Notepad): latin1 advice would turn them into NUL-laden text.
        // With a byte-order mark, iconv's plain "utf-16" / "utf-32" read the mark and the order from it.
        string? wide = span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]) || span.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]) ? "UTF-32"
            : span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? "UTF-16" : null;
        if (wide != null)
            throw new InvalidDataException(
                $"{name} is {wide} text (it starts with a {wide} byte-order mark), not UTF-8. Convert it first, e.g. `iconv -f {wide.ToLowerInvariant()} -t utf-8 {name} > converted`.");
        int start = span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        string text;
        try
        {
            text = Strict.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            int at = e.Index >= 0 ? e.Index + start : -1;
            throw new InvalidDataException(
                $"{name} is not valid UTF-8 (bad byte{(at >= 0 ? $" at offset {at}" : "")}). Convert it first, e.g. `iconv -f latin1 -t utf-8 {name} > converted`.");
        }
        // NUL is valid UTF-8 but never in text: UTF-16 or UTF-32 without a byte-order mark (or a binary file)
        // decodes to it. Where the zero bytes fall tells the byte order, which iconv needs spelt out (it reads
        // a bare "utf-16" without a mark as big-endian).
        int nul = span.IndexOf((byte)0);
        if (nul >= 0)
        {
            string? wideBare = WideEncoding(span[start..]);
            throw new InvalidDataException(wideBare != null
                ? $"{name} holds NUL bytes (the first at byte offset {nul}): it looks like {wideBare.ToUpperInvariant()} text without a byte-order mark, " +
                  $"not UTF-8. Convert it first, e.g. `iconv -f {wideBare} -t utf-8 {name} > converted`."
                : $"{name} holds NUL bytes (the first at byte offset {nul}): it is not UTF-8 text (a binary file?).");
        }
        return text;
    }

    /// <summary>The byte order of UTF-16/32 text of mostly ASCII characters, read from where its first zero bytes fall; null when unclear.</summary>
    private static string? WideEncoding(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0) return "utf-32le";
        if (b.Length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0) return "utf-32be";
        if (b.Length >= 2 && b[0] != 0 && b[1] == 0) return "utf-16le";
        if (b.Length >= 2 && b[0] == 0 && b[1] != 0) return "utf-16be";
        return null;
    }

    /// <summary>The lines of <paramref name="text"/> as a TextReader splits them (\n, \r\n or \r).</summary>
    public static IEnumerable<string> Lines(string text)
    {
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line) yield return line;
    }
}
