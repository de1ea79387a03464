namespace SocketBench.Testing;

/// <summary>Where the repository and its published binaries are.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root (SOCKETBENCH_ROOT, else the folder above holding SocketBench.sln).</summary>
    public static string Root => RootLazy.Value;

    /// <summary>A path under bin/.</summary>
    public static string Bin(params string[] parts) => Path.Combine([Root, "bin", .. parts]);

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("SOCKETBENCH_ROOT");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "SocketBench.sln")))
        {
            return env;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SocketBench.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (SocketBench.sln); set SOCKETBENCH_ROOT");
    }
}
