using System.Globalization;

namespace SocketBench.Bench;

/// <summary>One run timed by bin/tools/spawntime: fork to exit as waitpid saw it, with the child's rusage.</summary>
public readonly record struct SpawnRun(double Milliseconds, double PeakRssMiB, double CpuMilliseconds)
{
    /// <summary>Runs <paramref name="file"/> <paramref name="runs"/> times (after <paramref name="warmups"/>) on the client CPU with stdin from <paramref name="stdinFile"/>.</summary>
    public static async Task<IReadOnlyList<SpawnRun>> MeasureAsync(string file, IEnumerable<string> args, string stdinFile, int runs, int warmups, TimeSpan deadline)
    {
        var (pinned, pinnedArgs) = Placement.Client(file, args);
        var seconds = Math.Ceiling(deadline.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var output = await Tools.RunAsync(
            Tools.SpawnTime,
            ["-n", runs.ToString(CultureInfo.InvariantCulture), "-w", warmups.ToString(CultureInfo.InvariantCulture), "-i", stdinFile, "-t", seconds, "--", pinned, .. pinnedArgs],
            deadline * (runs + warmups) + TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse)];
    }

    /// <summary>Parses one line: milliseconds, peak RSS in KiB, CPU milliseconds.</summary>
    public static SpawnRun Parse(string line)
    {
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return f.Length == 3
            ? new SpawnRun(Number(f[0]), Number(f[1]) / 1024, Number(f[2]))
            : throw new BenchException($"spawntime printed an unexpected line: {line}");
    }

    private static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
