// ScratchDir: a fresh temporary directory for one test, deleted (with its contents) on dispose.
namespace Recur.Tests.IO;

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class ScratchDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("recur-io-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
