// InputFile: a folder given where a file belongs (and a file where a folder belongs) gets its own message
// in every reader, not "Access to the path is denied" or "does not exist".
using Recur.Applications;
using Recur.Applications.Speech;
using Recur.IO;

namespace Recur.Tests.IO;

public class InputFileTests
{
    [Fact]
    public void A_folder_a_missing_path_and_a_file_are_told_apart()
    {
        using var dir = new ScratchDir();
        string folder = dir.File("sub"), file = dir.File("f.txt");
        Directory.CreateDirectory(folder);
        File.WriteAllText(file, "x");
        Assert.Contains($"model file '{folder}' is a folder, not a file", Assert.Throws<InvalidDataException>(() => InputFile.Require(folder, "model file")).Message);
        Assert.Contains("does not exist", Assert.Throws<FileNotFoundException>(() => InputFile.Require(dir.File("none"), "model file")).Message);
        InputFile.Require(file, "model file");
        Assert.Contains($"data folder '{file}' is a file, not a folder", Assert.Throws<InvalidDataException>(() => InputFile.RequireFolder(file, "data folder")).Message);
        Assert.Throws<DirectoryNotFoundException>(() => InputFile.RequireFolder(dir.File("none"), "data folder"));
        InputFile.RequireFolder(folder, "data folder");
    }

    [Fact]
    public void Every_reader_names_a_folder_given_as_a_file()
    {
        using var dir = new ScratchDir();
        string folder = dir.File("sub");
        Directory.CreateDirectory(folder);
        Action[] readers =
        [
            () => SafeTensors.Read(folder), () => Npy.Read(folder), () => Utf8Text.Read(folder), () => TaskModelFile.Load(folder),
            () => Recur.Audio.WavReader.Read(folder), () => Recur.Applications.Tagging.ConllU.Read(folder),
            () => Recur.Applications.Translation.PairsFile.Read(folder), () => Recur.Applications.Forecasting.CsvTable.Load(folder),
            () => Recur.Applications.LanguageModeling.TextFile.Read(folder),
        ];
        foreach (var read in readers)
            Assert.Contains("is a folder, not a file", Assert.Throws<InvalidDataException>(read).Message);
        File.WriteAllText(dir.File("digits"), "");
        Assert.Contains("is a file, not a folder", Assert.Throws<InvalidDataException>(() => SpeechCorpus.Load(dir.File("digits"))).Message);
    }
}
