namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>Finds the repository root (SOCKETBENCH_ROOT, else the folder holding SocketBench.sln).</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("SOCKETBENCH_ROOT");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return fromEnv;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SocketBench.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("repository root not found (set SOCKETBENCH_ROOT)");
        }
    }

    /// <summary>The published binary; `make build` (which `make test` runs first) creates it.</summary>
    public static string ServerBinary
    {
        get
        {
            var path = Path.Combine(Root, "bin", "toxiproxy-server");
            if (!File.Exists(path))
            {
                Assert.Fail($"{path} is missing: run `make bin/toxiproxy-server` (make test builds it first)");
            }

            return path;
        }
    }
}
