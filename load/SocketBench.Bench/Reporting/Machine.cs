using System.Globalization;

namespace SocketBench.Bench.Reporting;

/// <summary>Facts about the machine a run was made on, read at run time (never written into prose).</summary>
public static class Machine
{
    public static IReadOnlyDictionary<string, string> Describe()
    {
        return new Dictionary<string, string>
        {
            ["cpus"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["cpu"] = Read("/proc/cpuinfo", l => l.StartsWith("model name", StringComparison.Ordinal) ? l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() : null),
            ["kernel"] = Read("/proc/sys/kernel/osrelease", l => l.Trim()),
            ["loadavg"] = Read("/proc/loadavg", l => string.Join(' ', l.Split(' ').Take(3))),
            ["placement"] = Placement.Describe,
            ["git"] = GitHead(),
        };
    }

    private static string Read(string path, Func<string, string?> pick)
    {
        try
        {
            return File.ReadLines(path).Select(pick).FirstOrDefault(v => v is not null) ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string GitHead()
    {
        var git = Path.Combine(Processes.RepoRoot.TryPath ?? ".", ".git");
        try
        {
            var head = File.ReadAllText(Path.Combine(git, "HEAD")).Trim();
            if (!head.StartsWith("ref: ", StringComparison.Ordinal))
            {
                return head[..Math.Min(12, head.Length)];
            }

            var refFile = Path.Combine(git, head[5..]);
            return File.Exists(refFile) ? File.ReadAllText(refFile).Trim()[..12] : head[5..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return "unknown";
        }
    }
}
