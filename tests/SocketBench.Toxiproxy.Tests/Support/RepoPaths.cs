using SocketBench.Processes;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>Paths of the repository the tests use (the root as <see cref="RepoRoot"/> finds it).</summary>
internal static class RepoPaths
{
    public static string Root => RepoRoot.Path;

    /// <summary>The published binary; `make build` (which `make test` runs first) creates it.</summary>
    public static string ServerBinary
    {
        get
        {
            var path = RepoRoot.Bin("toxiproxy-server");
            if (!File.Exists(path))
            {
                Assert.Fail($"{path} is missing: run `make bin/toxiproxy-server` (make test builds it first)");
            }

            return path;
        }
    }
}
