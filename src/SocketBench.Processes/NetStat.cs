using System.Globalization;

namespace SocketBench.Processes;

/// <summary>
/// Namespace-wide TCP counters of the network namespace we run in: the TcpExt counters of
/// /proc/net/netstat (ListenOverflows: SYNs dropped because an accept queue was full) and the
/// TIME_WAIT count of /proc/net/sockstat.
/// </summary>
public static class NetStat
{
    private const string NetstatFile = "/proc/net/netstat";
    private const string SockstatFile = "/proc/net/sockstat";

    /// <summary>TcpExt ListenOverflows now, or -1 when unreadable.</summary>
    public static long ListenOverflows() => TcpExt("ListenOverflows");

    /// <summary>The TcpExt counter <paramref name="name"/> now, or -1 when unreadable or unknown.</summary>
    public static long TcpExt(string name) =>
        File.Exists(NetstatFile) ? ParseCounter(File.ReadAllLines(NetstatFile), "TcpExt:", name) : -1;

    /// <summary>Sockets in TIME_WAIT now ("tw" in /proc/net/sockstat), or -1 when unreadable.</summary>
    public static long TimeWaitSockets() =>
        File.Exists(SockstatFile) ? ParseTimeWait(File.ReadLines(SockstatFile)) : -1;

    /// <summary>
    /// Reads counter <paramref name="name"/> from netstat's pairs of lines (a line of names after
    /// <paramref name="prefix"/>, then a line of values); -1 when it is not there.
    /// </summary>
    public static long ParseCounter(IReadOnlyList<string> lines, string prefix, string name)
    {
        ArgumentNullException.ThrowIfNull(lines);
        for (var i = 0; i + 1 < lines.Count; i++)
        {
            if (!lines[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var names = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var k = Array.IndexOf(names, name);
            if (k > 0 && k < values.Length && long.TryParse(values[k], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return -1;
    }

    /// <summary>Reads the TIME_WAIT count from sockstat's "TCP: inuse N orphan N tw N ..." line; -1 when it is not there.</summary>
    public static long ParseTimeWait(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (!line.StartsWith("TCP:", StringComparison.Ordinal))
            {
                continue;
            }

            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var k = Array.IndexOf(f, "tw");
            return k > 0 && k + 1 < f.Length && long.TryParse(f[k + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var tw) ? tw : -1;
        }

        return -1;
    }
}
