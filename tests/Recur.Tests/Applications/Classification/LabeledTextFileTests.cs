using Recur.Applications.Classification;
using Recur.Tests.IO;

namespace Recur.Tests.Applications.Classification;

public class LabeledTextFileTests
{
    [Fact]
    public void A_headerless_tab_file_is_read_by_index_and_keeps_tabs_and_quotes_in_the_text()
    {
        using var dir = new ScratchDir();
        string path = dir.File("SMSLike");
        File.WriteAllText(path, "ham\tGo \"home\" now\nspam\tWIN &lt;#&gt; \tcash\r\nham\tok");
        var (texts, labels) = LabeledTextFile.Read(path, new ColumnSpec("1", "0"));
        Assert.Equal(["ham", "spam", "ham"], labels);
        Assert.Equal(["Go \"home\" now", "WIN &lt;#&gt; \tcash", "ok"], texts);
    }

    [Fact]
    public void A_csv_with_header_finds_columns_by_name_and_parses_quoted_fields()
    {
        using var dir = new ScratchDir();
        string path = dir.File("reviews.csv");
        File.WriteAllText(path, "id,Sentiment,review\n1,pos,\"great, really \"\"great\"\"\"\n2,neg,\"bad\nand long\"\n3,pos,fine\n");
        var (texts, labels) = LabeledTextFile.Read(path, new ColumnSpec("review", "sentiment"));
        Assert.Equal(["pos", "neg", "pos"], labels);
        Assert.Equal(["great, really \"great\"", "bad\nand long", "fine"], texts);
    }

    [Fact]
    public void Text_after_a_closing_quote_and_a_repeated_column_name_are_errors()
    {
        using var dir = new ScratchDir();
        string path = dir.File("bad.csv");
        File.WriteAllText(path, "text,label\n\"Hello\" he said,pos\n");
        var e = Assert.Throws<InvalidDataException>(() => LabeledTextFile.Read(path, new ColumnSpec()));
        Assert.Contains("line 2, column 1: text after a closing quote", e.Message);
        File.WriteAllText(path, "text,label,text\nhi,pos,there\n");
        var dup = Assert.Throws<ArgumentException>(() => LabeledTextFile.Read(path, new ColumnSpec()));
        Assert.Contains("--text-column 'text'", dup.Message);
        Assert.Contains("more than one column of that name", dup.Message);
    }

    [Fact]
    public void The_delimiter_can_be_given_and_is_otherwise_detected_from_the_first_line()
    {
        using var dir = new ScratchDir();
        string path = dir.File("data.txt");
        File.WriteAllText(path, "label;text\na;one, two\nb;three\n");
        var (texts, _) = LabeledTextFile.Read(path, new ColumnSpec(Delimiter: ColumnSpec.ParseDelimiter("semicolon")));
        Assert.Equal(["one, two", "three"], texts);
        File.WriteAllText(path, "text\tlabel\nx, y\ta\n");
        Assert.Equal(["x, y"], LabeledTextFile.Read(path, new ColumnSpec()).Texts);
        Assert.Throws<ArgumentException>(() => ColumnSpec.ParseDelimiter("ab"));
    }

    [Fact]
    public void A_missing_column_names_the_columns_the_file_has()
    {
        using var dir = new ScratchDir();
        string path = dir.File("d.csv");
        File.WriteAllText(path, "sentence,category\nhi,a\n");
        var e = Assert.Throws<ArgumentException>(() => LabeledTextFile.Read(path, new ColumnSpec("text", "category")));
        Assert.Contains("--text-column 'text'", e.Message);
        Assert.Contains("0: 'sentence', 1: 'category'", e.Message);
        Assert.Contains("0-based column indices", e.Message);
    }

    [Fact]
    public void Invalid_utf8_empty_texts_and_short_rows_are_errors_naming_the_problem()
    {
        using var dir = new ScratchDir();
        string path = dir.File("bad.tsv");
        File.WriteAllBytes(path, [(byte)'h', (byte)'a', (byte)'m', (byte)'\t', 0xE9, (byte)'t', (byte)'\n']);
        var e = Assert.Throws<InvalidDataException>(() => LabeledTextFile.Read(path, new ColumnSpec("1", "0")));
        Assert.Contains("not valid UTF-8", e.Message);
        Assert.Contains("offset 4", e.Message);

        File.WriteAllText(path, "ham\thello\nspam\t  \n");
        e = Assert.Throws<InvalidDataException>(() => LabeledTextFile.Read(path, new ColumnSpec("1", "0")));
        Assert.Contains("line 2: the text is empty", e.Message);

        File.WriteAllText(path, "ham\thello\nspam\n");
        e = Assert.Throws<InvalidDataException>(() => LabeledTextFile.Read(path, new ColumnSpec("1", "0")));
        Assert.Contains("line 2", e.Message);

        File.WriteAllText(path, "");
        Assert.Throws<InvalidDataException>(() => LabeledTextFile.Read(path, new ColumnSpec("1", "0")));
        Assert.Throws<FileNotFoundException>(() => LabeledTextFile.Read(dir.File("none.tsv"), new ColumnSpec("1", "0")));
    }

    [Fact]
    public void A_header_row_read_by_column_indices_is_refused_not_trained_on()
    {
        // Kaggle's spam.csv has the header v1,v2: with indices it would become a one-sample class 'v1'.
        using var dir = new ScratchDir();
        string path = dir.File("spam.csv");
        File.WriteAllText(path, "v1,v2\nham,hello there\nspam,win cash\nham,see you\n");
        var e = Assert.Throws<InvalidDataException>(() => LabeledTextFile.Read(path, new ColumnSpec("1", "0")));
        Assert.Contains("line 1 looks like a header (label 'v1', text 'v2')", e.Message);
        Assert.Contains("--label-column v1 --text-column v2", e.Message);
        var (texts, labels) = LabeledTextFile.Read(path, new ColumnSpec("v2", "v1"));
        Assert.Equal(["ham", "spam", "ham"], labels);
        Assert.Equal("hello there", texts[0]);
        // A header-like label that recurs is data (a class really named "label").
        File.WriteAllText(path, "label,first\nham,second\nlabel,third\n");
        Assert.Equal(["label", "ham", "label"], LabeledTextFile.Read(path, new ColumnSpec("1", "0")).Labels);
    }

    [Fact]
    public void Read_for_a_model_names_its_columns_instead_of_options_eval_does_not_have()
    {
        using var dir = new ScratchDir();
        string path = dir.File("noheader.tsv");
        File.WriteAllText(path, "pos\tsuperb and moving\nneg\tdull\n");
        var e = Assert.Throws<ArgumentException>(() => LabeledTextFile.Read(path, new ColumnSpec("text", "label"), asTrained: true));
        Assert.Contains("the model's text column 'text'", e.Message);
        Assert.Contains("The model reads its columns by name from a header line, as it was trained", e.Message);
        Assert.DoesNotContain("--label-column", e.Message);
        string headed = dir.File("headed.tsv");
        File.WriteAllText(headed, "label\ttext\npos\tsuperb\nneg\tdull\n");
        var h = Assert.Throws<InvalidDataException>(() => LabeledTextFile.Read(headed, new ColumnSpec("1", "0"), asTrained: true));
        Assert.Contains("the model reads columns by index (label 0, text 1) from files without a header line, as it was trained; remove the header line.", h.Message);
        Assert.DoesNotContain("--label-column", h.Message);
    }
}
