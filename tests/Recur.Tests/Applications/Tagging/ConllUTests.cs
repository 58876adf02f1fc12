// CoNLL-U reading: comments, multi-word token ranges and empty nodes skipped, sentences split on blank
// lines, and malformed lines reported with file:line.
using Recur.Applications.Tagging;

namespace Recur.Tests.Applications.Tagging;

public class ConllUTests
{
    private static List<TaggedSentence> Parse(string text) => ConllU.Parse(new StringReader(text), "x.conllu");

    private static string Row(string id, string form, string upos) => $"{id}\t{form}\t_\t{upos}\t_\t_\t0\troot\t_\t_";

    [Fact]
    public void Ranges_empty_nodes_and_comments_are_skipped()
    {
        string text = string.Join("\n",
            "# newdoc id = a", "# text = I don't know.",
            Row("1", "I", "PRON"), Row("2-3", "don't", "_"), Row("2", "do", "AUX"), Row("3", "n't", "PART"), Row("4", "know", "VERB"),
            Row("4.1", "knows", "VERB"), Row("5", ".", "PUNCT"), "",
            "# text = Hi", Row("1", "Hi", "INTJ"), "", "");
        var s = Parse(text);
        Assert.Equal(2, s.Count);
        Assert.Equal(["I", "do", "n't", "know", "."], s[0].Words);
        Assert.Equal(["PRON", "AUX", "PART", "VERB", "PUNCT"], s[0].Tags);
        Assert.Equal(["Hi"], s[1].Words);
        // A last sentence without its blank line still counts; CRLF line ends are accepted.
        Assert.Single(Parse(Row("1", "Hi", "INTJ") + "\r\n"));
    }

    [Fact]
    public void The_committed_sample_reads()
    {
        var s = ConllU.Read(Path.Combine(TestUtil.RepoRoot, "data", "ud-english-ewt-sample", "train.conllu"));
        Assert.Equal(300, s.Count);
        Assert.All(s, x => Assert.Equal(x.Words.Length, x.Tags.Length));
        Assert.DoesNotContain(s.SelectMany(x => x.Tags), t => t == "_");
    }

    [Theory]
    [InlineData("1\tI\t_\tPRON\t_\t_\t0\troot\t_", "x.conllu:2", "10 TAB-separated columns")]
    [InlineData("1 I _ PRON _ _ 0 root _ _", "x.conllu:2", "10 TAB-separated columns")]
    [InlineData("one\tI\t_\tPRON\t_\t_\t0\troot\t_\t_", "x.conllu:2", "bad ID 'one'")]
    [InlineData("2-x\tI\t_\t_\t_\t_\t_\t_\t_\t_", "x.conllu:2", "bad ID '2-x'")]
    [InlineData("3\tI\t_\tPRON\t_\t_\t0\troot\t_\t_", "x.conllu:2", "word ID 3 where 1 was expected")]
    [InlineData("1\tI\t_\t_\t_\t_\t0\troot\t_\t_", "x.conllu:2", "no UPOS")]
    public void Malformed_lines_name_file_and_line(string bad, string where, string what)
    {
        var e = Assert.Throws<InvalidDataException>(() => Parse("# text = I\n" + bad + "\n\n"));
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void Missing_and_empty_files_are_clear()
    {
        Assert.Throws<FileNotFoundException>(() => ConllU.Read("/no/such/file.conllu"));
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# only a comment\n\n");
            var e = Assert.Throws<InvalidDataException>(() => ConllU.Read(path));
            Assert.Contains("no sentences", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
