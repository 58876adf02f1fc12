// AtomicFile: writes a file through "path.tmp" and a rename, so readers never see a half-written file
// at the destination; on failure the temporary file is removed and the destination left untouched.
namespace Recur.IO;

/// <summary>Whole-file writes that either complete or leave the destination as it was.</summary>
internal static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> on a fresh <c>path + ".tmp"</c>, flushes it to disk, then moves it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string tmp = path + ".tmp";
        try
        {
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
