using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <summary>Our own programs the submission is graded against (from bin/).</summary>
internal sealed record OurPrograms(string CsharpServer, string CsharpClient, string? CClient, string? PythonClient, string? ToxiproxyServer)
{
    /// <summary>Finds them under the repository's bin/; null when the C# pair is missing.</summary>
    public static OurPrograms? Find(out string problem)
    {
        problem = "";
        if (RepoRoot.TryPath is null)
        {
            problem = $"cannot find the SocketBench repository (set {RepoRoot.Variable})";
            return null;
        }

        var server = RepoRoot.Bin("csharp", "server");
        var client = RepoRoot.Bin("csharp", "client");
        if (!File.Exists(server) || !File.Exists(client))
        {
            problem = $"our reference programs are missing ({server}); run make build";
            return null;
        }

        return new OurPrograms(server, client, Optional("c", "client"), Optional("python", "client"), Optional("toxiproxy-server"));
    }

    /// <summary>Our clients for the server's exact-bytes checks: C#, then C and Python where built.</summary>
    public IEnumerable<(string Name, string Path)> Clients()
    {
        yield return ("csharp", CsharpClient);
        if (CClient is not null)
        {
            yield return ("c", CClient);
        }

        if (PythonClient is not null)
        {
            yield return ("python", PythonClient);
        }
    }

    private static string? Optional(params string[] parts)
    {
        var path = RepoRoot.Bin(parts);
        return File.Exists(path) ? path : null;
    }
}
