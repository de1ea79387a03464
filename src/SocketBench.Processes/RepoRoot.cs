namespace SocketBench.Processes;

/// <summary>Where the repository (and its published binaries under bin/) is.</summary>
public static class RepoRoot
{
    /// <summary>The environment variable that names the root explicitly.</summary>
    public const string Variable = "SOCKETBENCH_ROOT";

    private const string Marker = "SocketBench.sln";
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The repository root: SOCKETBENCH_ROOT, else the nearest folder holding SocketBench.sln above this program or the working directory.</summary>
    public static string Path => Found.Value
        ?? throw new InvalidOperationException($"cannot find the repository root ({Marker}); set {Variable}");

    /// <summary>The root, or null when there is none (a program installed outside the repository).</summary>
    public static string? TryPath => Found.Value;

    /// <summary>A path under bin/.</summary>
    public static string Bin(params string[] parts) => System.IO.Path.Combine([Path, "bin", .. parts]);

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } env && File.Exists(System.IO.Path.Combine(env, Marker)))
        {
            return System.IO.Path.GetFullPath(env);
        }

        return Above(AppContext.BaseDirectory) ?? Above(Environment.CurrentDirectory);
    }

    private static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
