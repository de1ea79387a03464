using System.Globalization;
using SocketBench.Processes;

namespace SocketBench.Bench;

/// <summary>
/// The programs the bench drives: our implementations under bin/, the C helpers built by make
/// into bin/tools (spawntime: exact start-to-exit time, CPU and peak RSS through wait4; cloadgen:
/// a minimal closed-loop connection generator), and the peers from Debian (nc, socat, iperf3).
/// </summary>
public static class Tools
{
    public const string Host = "127.0.0.1";

    public static string Server(string impl) => RepoRoot.Bin(impl, "server");

    public static string Client(string impl) => RepoRoot.Bin(impl, "client");

    public static string SpawnTime => RepoRoot.Bin("tools", "spawntime");

    public static string CLoadGen => RepoRoot.Bin("tools", "cloadgen");

    /// <summary>The minimal C relay, the floor for the fault proxy's fresh-connection rows.</summary>
    public static string CRelay => RepoRoot.Bin("tools", "crelay");

    public static string AotHello => RepoRoot.Bin("tools", "aot-hello");

    public static string LoadRunner => RepoRoot.Bin("load");

    public static string ProxyServer => RepoRoot.Bin("toxiproxy-server");

    /// <summary>Finds a program on PATH; null when missing.</summary>
    public static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a helper to its end (deadline-bound) and returns its stdout; throws with its stderr when it fails.</summary>
    public static async Task<string> RunAsync(string file, IReadOnlyList<string> args, TimeSpan deadline, string? stdinFile = null)
    {
        await using var stdin = stdinFile is null ? null : File.OpenRead(stdinFile);
        var result = await ProcessResult.RunAsync(new ChildProcessOptions { FileName = file, Arguments = args }, stdin, deadline).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var why = result.TimedOut ? $"killed after {deadline.TotalSeconds:0} s" : $"exit {result.ExitCode}";
            throw new BenchException($"{Path.GetFileName(file)} {string.Join(' ', args)}: {why}: {FirstLine(result.Stderr)}");
        }

        return System.Text.Encoding.UTF8.GetString(result.Stdout);
    }

    /// <summary>Parses <c>key=value</c> words (cloadgen's line) into numbers.</summary>
    public static Dictionary<string, double> KeyValues(string line) =>
        line.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Split('=', 2))
            .Where(kv => kv.Length == 2 && double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .ToDictionary(kv => kv[0], kv => double.Parse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture));

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "(no stderr)";
}
