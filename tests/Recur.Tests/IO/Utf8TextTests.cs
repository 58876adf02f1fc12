// Utf8Text and the data readers built on it: a file that is not UTF-8 (here Latin-1 "café") is an
// InvalidDataException naming the file, the byte offset and the fix in every reader, never U+FFFD read on
// as a different word; a byte-order mark is dropped.
using Recur.Applications.Forecasting;
using Recur.Applications.Tagging;
using Recur.Applications.Translation;
using Recur.IO;

namespace Recur.Tests.IO;

public class Utf8TextTests
{
    private static readonly byte[] Latin1Cafe = [(byte)'c', (byte)'a', (byte)'f', 0xE9];

    private static void AssertNotUtf8(Action read, string path, int offset)
    {
        var e = Assert.Throws<InvalidDataException>(read);
        Assert.Contains($"{path} is not valid UTF-8 (bad byte at offset {offset})", e.Message);
        Assert.Contains("iconv", e.Message);
    }

    [Fact]
    public void Decodes_strictly_and_drops_a_byte_order_mark()
    {
        Assert.Equal("café", Utf8Text.Decode([0xEF, 0xBB, 0xBF, .. "café"u8], "x"));
        AssertNotUtf8(() => Utf8Text.Decode(Latin1Cafe, "x"), "x", 3);
        AssertNotUtf8(() => Utf8Text.Decode([0xEF, 0xBB, 0xBF, .. Latin1Cafe], "x"), "x", 6);
        Assert.Equal(["a", "b", "", "c"], Utf8Text.Lines("a\r\nb\n\nc"));
    }

    [Fact]
    public void Every_data_reader_refuses_a_latin1_file()
    {
        using var dir = new ScratchDir();
        string pairs = dir.File("pairs.tsv"), csv = dir.File("series.csv"), conllu = dir.File("tags.conllu");
        File.WriteAllBytes(pairs, [.. "tea\t"u8, .. Latin1Cafe, (byte)'\n']);
        AssertNotUtf8(() => PairsFile.Read(pairs), pairs, 7);
        File.WriteAllBytes(csv, [.. "d,"u8, .. Latin1Cafe, .. "\n1,2\n"u8]);
        AssertNotUtf8(() => CsvTable.Load(csv), csv, 5);
        File.WriteAllBytes(conllu, [.. "1\t"u8, .. Latin1Cafe, .. "\t_\tNOUN\t_\t_\t0\troot\t_\t_\n\n"u8]);
        AssertNotUtf8(() => ConllU.Read(conllu), conllu, 5);
    }

    [Fact]
    public void Utf16_and_utf32_files_get_the_iconv_line_that_converts_them()
    {
        // Excel's "Unicode Text": the latin1 advice would yield NUL-laden text that reads on in silence.
        var utf16 = System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes("spam\tfree\n")).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => Utf8Text.Decode(utf16, "sms.tsv"));
        Assert.Contains("sms.tsv is UTF-16 text", e.Message);
        Assert.Contains("iconv -f utf-16 -t utf-8 sms.tsv", e.Message);
        var bigEndian = System.Text.Encoding.BigEndianUnicode.GetPreamble().Concat(System.Text.Encoding.BigEndianUnicode.GetBytes("a")).ToArray();
        Assert.Contains("is UTF-16 text", Assert.Throws<InvalidDataException>(() => Utf8Text.Decode(bigEndian, "x")).Message);
        var utf32 = System.Text.Encoding.UTF32.GetPreamble().Concat(System.Text.Encoding.UTF32.GetBytes("a")).ToArray();
        Assert.Contains("iconv -f utf-32", Assert.Throws<InvalidDataException>(() => Utf8Text.Decode(utf32, "x")).Message);
        // Without a byte-order mark, UTF-16 decodes as UTF-8 full of NULs: refused, naming the byte order,
        // since iconv reads a bare "utf-16" as big-endian.
        var bare = System.Text.Encoding.Unicode.GetBytes("spam\tfree\n");
        var nul = Assert.Throws<InvalidDataException>(() => Utf8Text.Decode(bare, "bare.tsv"));
        Assert.Contains("bare.tsv holds NUL bytes (the first at byte offset 1): it looks like UTF-16LE text", nul.Message);
        Assert.Contains("iconv -f utf-16le -t utf-8 bare.tsv", nul.Message);
        Assert.Contains("iconv -f utf-16be", Assert.Throws<InvalidDataException>(() => Utf8Text.Decode(System.Text.Encoding.BigEndianUnicode.GetBytes("ab"), "x")).Message);
        Assert.Contains("iconv -f utf-32le", Assert.Throws<InvalidDataException>(() => Utf8Text.Decode(System.Text.Encoding.UTF32.GetBytes("ab"), "x")).Message);
        Assert.Contains("a binary file?", Assert.Throws<InvalidDataException>(() => Utf8Text.Decode([0, 0, (byte)'a', 0, 0, 0, (byte)'b'], "x")).Message);
    }
}
