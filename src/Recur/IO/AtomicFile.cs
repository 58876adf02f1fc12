// AtomicFile: writes a file through a temporary file beside it and a rename, so readers never see a
// half-written file at the destination; on failure the temporary file is removed and the destination left
// untouched. The temporary name is unique per write ("path.<random>.tmp", created new), so two processes
// writing the same destination cannot delete each other's, and a user's own "path.tmp" is never touched.
namespace Recur.IO;

/// <summary>Whole-file writes that either complete or leave the destination as it was.</summary>
internal static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> on a fresh temporary file, flushes it to disk, then moves it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string tmp = $"{path}.{Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal)}.tmp";
        bool created = false;
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                created = true;
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            if (created)
                try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
