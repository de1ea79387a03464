using System.Globalization;

namespace SocketBench.Load.Target;

/// <summary>
/// Reads Linux's view of a listening socket: on a LISTEN row (state 0A) of /proc/net/tcp and
/// /proc/net/tcp6, rx_queue is the current accept-queue length. Also the namespace-wide
/// TcpExt ListenOverflows counter and a process's VmRSS.
/// </summary>
internal static class ProcNet
{
    /// <summary>Socket states of the st column (include/net/tcp_states.h).</summary>
    public const int Established = 0x01;
    public const int SynSent = 0x02;
    public const int Listen = 0x0A;

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
        foreach (var row in ParseRows(lines))
        {
            if (row.State == Listen && row.LocalPort == port)
            {
                return row.RxQueue;
            }
        }

        return null;
    }

    /// <summary>Gets the IPv4 and IPv6 TCP sockets of this network namespace as the kernel sees them now.</summary>
    public static List<TcpRow> Sockets()
    {
        var rows = new List<TcpRow>();
        foreach (var file in (string[])["/proc/net/tcp", "/proc/net/tcp6"])
        {
            if (File.Exists(file))
            {
                rows.AddRange(ParseRows(File.ReadLines(file)));
            }
        }

        return rows;
    }

    /// <summary>Parses the rows of /proc/net/tcp or tcp6 (the header line is skipped; malformed lines too).</summary>
    internal static IEnumerable<TcpRow> ParseRows(IEnumerable<string> lines)
    {
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5 || Port(f[1]) is not { } local || Port(f[2]) is not { } remote ||
                !int.TryParse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var state) ||
                f[4].Split(':') is not [var tx, var rx] ||
                !int.TryParse(tx, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var txQueue) ||
                !int.TryParse(rx, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rxQueue))
            {
                continue;
            }

            yield return new TcpRow(local, remote, state, txQueue, rxQueue);
        }
    }

    private static int? Port(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon >= 0 && int.TryParse(address.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port) ? port : null;
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

/// <summary>One row of /proc/net/tcp: ports, state (st) and queues. On a LISTEN row rx_queue is the accept-queue length.</summary>
internal readonly record struct TcpRow(int LocalPort, int RemotePort, int State, int TxQueue, int RxQueue);
