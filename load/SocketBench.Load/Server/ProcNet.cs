using System.Globalization;

namespace SocketBench.Load.Server;

/// <summary>
/// Reads Linux's view of a listening socket: on a LISTEN row (state 0A) of /proc/net/tcp and
/// /proc/net/tcp6, rx_queue is the current accept-queue length. Also the namespace-wide
/// TcpExt ListenOverflows counter and a process's VmRSS.
/// </summary>
internal static class ProcNet
{
    private const string Listen = "0A";

    /// <summary>Gets the accept-queue length of the socket listening on <paramref name="port"/>, or null if none is found.</summary>
    public static int? AcceptQueue(int port)
    {
        foreach (var file in (string[])["/proc/net/tcp", "/proc/net/tcp6"])
        {
            if (File.Exists(file) && ParseAcceptQueue(File.ReadLines(file), port) is { } q)
            {
                return q;
            }
        }

        return null;
    }

    /// <summary>Parses /proc/net/tcp lines: "sl local_address rem_address st tx_queue:rx_queue ...".</summary>
    internal static int? ParseAcceptQueue(IEnumerable<string> lines, int port)
    {
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5 || f[3] != Listen)
            {
                continue;
            }

            var local = f[1];
            var colon = local.LastIndexOf(':');
            if (colon < 0 || int.Parse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture) != port)
            {
                continue;
            }

            var queues = f[4].Split(':');
            return int.Parse(queues[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return null;
    }

    /// <summary>Gets TcpExt ListenOverflows (namespace-wide), or -1 if unreadable.</summary>
    public static long ListenOverflows() => TcpExt("ListenOverflows");

    /// <summary>Gets a TcpExt counter of /proc/net/netstat (namespace-wide), or -1 if unreadable.</summary>
    public static long TcpExt(string name)
    {
        const string File = "/proc/net/netstat";
        return System.IO.File.Exists(File) ? ParseNetstat(System.IO.File.ReadAllLines(File), "TcpExt:", name) : -1;
    }

    internal static long ParseNetstat(IReadOnlyList<string> lines, string prefix, string name)
    {
        for (var i = 0; i + 1 < lines.Count; i++)
        {
            if (!lines[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var names = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var k = Array.IndexOf(names, name);
            if (k > 0 && k < values.Length)
            {
                return long.Parse(values[k], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    /// <summary>Gets a process's resident set size in bytes, or -1 once it has gone.</summary>
    public static long RssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return -1;
    }

    /// <summary>Gets the namespace's TIME_WAIT sockets ("tw" in /proc/net/sockstat), or -1 if unreadable.</summary>
    public static long TimeWait()
    {
        const string File = "/proc/net/sockstat";
        return System.IO.File.Exists(File) ? ParseTimeWait(System.IO.File.ReadLines(File)) : -1;
    }

    internal static long ParseTimeWait(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            if (!line.StartsWith("TCP:", StringComparison.Ordinal))
            {
                continue;
            }

            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var k = Array.IndexOf(f, "tw");
            return k > 0 && k + 1 < f.Length ? long.Parse(f[k + 1], CultureInfo.InvariantCulture) : -1;
        }

        return -1;
    }
}
