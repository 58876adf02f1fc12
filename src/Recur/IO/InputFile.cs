// InputFile: the one check every reader makes before opening a file it was given: that the path names an
// existing file. A folder given where a file belongs gets its own message (the runtime would report
// "Access to the path is denied", which sends the user to check permissions), and so does a missing file.
namespace Recur.IO;

/// <summary>Up-front checks of paths that are read.</summary>
public static class InputFile
{
    /// <summary>
    /// Throws unless <paramref name="path"/> is an existing file: FileNotFoundException when nothing is
    /// there, InvalidDataException when it is a folder. <paramref name="what"/> names it ("model file").
    /// </summary>
    public static void Require(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new InvalidDataException($"{what} '{path}' is a folder, not a file; give the file itself.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{what} '{path}' does not exist.", path);
    }

    /// <summary>
    /// The file as a seekable stream: a pipe or other unseekable file (such as <c>&lt;(cat f)</c> or /dev/stdin)
    /// is read into memory first, so readers can check lengths and trailing bytes as for a regular file.
    /// </summary>
    public static Stream OpenSeekable(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (file.CanSeek) return file;
        using (file)
        {
            var copy = new MemoryStream();
            file.CopyTo(copy);
            copy.Position = 0;
            return copy;
        }
    }

    /// <summary>Throws unless <paramref name="path"/> is an existing folder (a file there gets its own message).</summary>
    public static void RequireFolder(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
            throw new InvalidDataException($"{what} '{path}' is a file, not a folder; give the folder that holds the files.");
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"{what} '{path}' does not exist.");
    }
}
