using Recur.Applications.LanguageModeling;

namespace Recur.Tests.Applications.LanguageModeling;

public class TextFileTests
{
    [Fact]
    public void Utf8_with_and_without_a_byte_order_mark_reads_the_same()
    {
        byte[] text = "Où est la plume?\n"u8.ToArray();
        Assert.Equal("Où est la plume?\n", TextFile.Decode(text, "a.txt"));
        Assert.Equal("Où est la plume?\n", TextFile.Decode([0xEF, 0xBB, 0xBF, .. text], "a.txt"));
    }

    [Fact]
    public void Empty_and_non_utf8_text_are_clear_errors()
    {
        Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => TextFile.Decode([], "e.txt")).Message);
        Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => TextFile.Decode([0xEF, 0xBB, 0xBF], "e.txt")).Message);
        var e = Assert.Throws<InvalidDataException>(() => TextFile.Decode([0x4F, 0xF9, 0x20, 0x65], "latin1.txt"));
        Assert.Contains("latin1.txt", e.Message);
        Assert.Contains("not valid UTF-8", e.Message);
        Assert.Contains("iconv", e.Message);
        Assert.Throws<FileNotFoundException>(() => TextFile.Read("/nonexistent/t.txt"));
    }
}
