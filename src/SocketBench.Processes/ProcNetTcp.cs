using System.Globalization;
using System.Net;

namespace SocketBench.Processes;

/// <summary>Rows of /proc/PID/net/tcp and tcp6: the sockets of the network namespace a process is in.</summary>
public static class ProcNetTcp
{
    /// <summary>TCP states as /proc writes them (include/net/tcp_states.h).</summary>
    public enum State
    {
        Established = 1,
        SynSent = 2,
        SynReceived = 3,
        FinWait1 = 4,
        FinWait2 = 5,
        TimeWait = 6,
        Close = 7,
        CloseWait = 8,
        LastAck = 9,
        Listen = 10,
        Closing = 11,
    }

    /// <summary>One socket row.</summary>
    /// <param name="Local">The local end point.</param>
    /// <param name="Remote">The remote end point (any for LISTEN rows).</param>
    /// <param name="State">The TCP state.</param>
    /// <param name="TxQueue">Bytes not yet acknowledged by the peer.</param>
    /// <param name="Inode">The socket's inode.</param>
    /// <param name="RxQueue">For LISTEN rows, the accept queue's current length.</param>
    public sealed record Row(IPEndPoint Local, IPEndPoint Remote, State State, long TxQueue, long RxQueue, long Inode);

    /// <summary>Every IPv4 and IPv6 row seen from <paramref name="pid"/>'s namespace (or ours when null).</summary>
    public static IReadOnlyList<Row> Read(int? pid = null)
    {
        var dir = pid is { } p ? $"/proc/{p}/net" : "/proc/net";
        var rows = new List<Row>();
        foreach (var file in (string[])["tcp", "tcp6"])
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(dir, file)).Skip(1))
                {
                    if (Parse(line) is { } row)
                    {
                        rows.Add(row);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process is gone, or the family is not compiled in.
            }
        }

        return rows;
    }

    /// <summary>Parses one data line; null for a malformed one.</summary>
    public static Row? Parse(string line)
    {
        // "  0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000  0 12345 ..."
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 10 || f[3].Length != 2)
        {
            return null;
        }

        var txrx = f[4].Split(':');
        return TryEndPoint(f[1]) is { } local && TryEndPoint(f[2]) is { } remote && txrx.Length == 2
            && int.TryParse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var state)
            && long.TryParse(txrx[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var tx)
            && long.TryParse(txrx[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rx)
            && long.TryParse(f[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            ? new Row(local, remote, (State)state, tx, rx, inode)
            : null;
    }

    private static IPEndPoint? TryEndPoint(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        var hex = text.AsSpan(0, colon);
        if (hex.Length is not (8 or 32))
        {
            return null;
        }

        // The kernel prints each 32-bit word of the address in host (little-endian) order.
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            for (var b = 0; b < 4; b++)
            {
                var at = (word * 8) + ((3 - b) * 2);
                if (!byte.TryParse(hex.Slice(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[(word * 4) + b]))
                {
                    return null;
                }
            }
        }

        return new IPEndPoint(new IPAddress(bytes), port);
    }
}
