// RepoData: the examples' default data files live under the repository's data/ folder; this finds that
// folder from wherever the example is run (dotnet run --project examples/<Name> from any directory).
internal static class RepoData
{
    /// <summary>The path of data/<paramref name="parts"/> in the repository that holds this example.</summary>
    public static string Path(params string[] parts)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Recur.slnx")))
                    return System.IO.Path.Combine([dir.FullName, "data", .. parts]);
        throw new DirectoryNotFoundException("Run the example from inside the Recur repository, or pass the data path as its first argument.");
    }
}
