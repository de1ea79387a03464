using System.Globalization;

namespace SocketBench.Processes;

/// <summary>A process and its descendants, read from /proc.</summary>
public static class ProcessTree
{
    /// <summary>The PID and every live descendant's PID (children first found by parent PID, any depth).</summary>
    public static IReadOnlyList<int> Of(int pid)
    {
        var parents = ParentsByPid();
        var tree = new List<int> { pid };
        for (var i = 0; i < tree.Count && i < 4096; i++)
        {
            foreach (var (child, parent) in parents)
            {
                if (parent == tree[i] && !tree.Contains(child))
                {
                    tree.Add(child);
                }
            }
        }

        return tree;
    }

    /// <summary>CPU time (user + system) used so far by <paramref name="pid"/> and its live descendants.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        // /proc reports clock ticks of USER_HZ, which the kernel fixes at 100 for user space.
        const double TicksPerSecond = 100;
        long ticks = 0;
        foreach (var member in Of(pid))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{member}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture) + long.Parse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
            {
                // It ended while we looked.
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Resident set size of one process now, from /proc/PID/status VmRSS; null once it is gone.</summary>
    public static long? ResidentBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    /// <summary>Peak resident set size of one process so far (VmHWM); null once it is gone.</summary>
    public static long? PeakResidentBytes(int pid) => StatusKilobytes(pid, "VmHWM:") * 1024;

    private static long? StatusKilobytes(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var digits = line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim();
                    return long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static List<(int Pid, int Parent)> ParentsByPid()
    {
        var result = new List<(int, int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // Fields after the command name, which is in parentheses and may hold spaces: state ppid ...
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var rest = stat.AsSpan(stat.LastIndexOf(')') + 2);
                var fields = rest.ToString().Split(' ', 3);
                result.Add((pid, int.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while we looked.
            }
        }

        return result;
    }
}
