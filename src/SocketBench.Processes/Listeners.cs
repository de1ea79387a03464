using System.Globalization;

namespace SocketBench.Processes;

/// <summary>
/// Finds the listening sockets a process tree owns: the socket inodes among its file descriptors
/// (/proc/PID/fd) matched against the LISTEN rows of its network namespace (/proc/PID/net/tcp{,6}),
/// with the accept queue's limit from <see cref="SockDiag"/>. Readiness is "a listening socket
/// exists", never a log line, so programs that print nothing are first-class.
/// </summary>
public static class Listeners
{
    private const string SocketPrefix = "socket:[";

    /// <summary>The LISTEN sockets held by <paramref name="pid"/> or any of its descendants.</summary>
    public static IReadOnlyList<ListeningSocket> OfTree(int pid)
    {
        var inodes = SocketInodesOfTree(pid);
        if (inodes.Count == 0)
        {
            return [];
        }

        var owned = ProcNetTcp.Read(pid)
            .Where(r => r.State == ProcNetTcp.State.Listen && inodes.Contains(r.Inode))
            .ToList();
        if (owned.Count == 0)
        {
            return [];
        }

        var queues = SockDiag.ListenQueues();
        return owned
            .Select(r => queues.TryGetValue(r.Inode, out var q)
                ? new ListeningSocket(r.Local.Address, r.Local.Port, r.Inode, q.Limit, q.Queued)
                : new ListeningSocket(r.Local.Address, r.Local.Port, r.Inode, null, (int)r.RxQueue))
            .ToList();
    }

    /// <summary>The TCP connections (every state but LISTEN) held by <paramref name="pid"/> or any of its descendants: empty once a server closed its last client.</summary>
    public static IReadOnlyList<ProcNetTcp.Row> ConnectionsOfTree(int pid)
    {
        var inodes = SocketInodesOfTree(pid);
        return inodes.Count == 0
            ? []
            : ProcNetTcp.Read(pid).Where(r => r.State != ProcNetTcp.State.Listen && inodes.Contains(r.Inode)).ToList();
    }

    /// <summary>
    /// Waits until the tree of <paramref name="child"/> listens (on <paramref name="port"/> when given).
    /// Null when the child exits first or the deadline passes.
    /// </summary>
    public static async Task<ListeningSocket?> WaitAsync(ChildProcess child, TimeSpan deadline, int? port = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(child);
        ListeningSocket? found = null;
        await Poll.UntilAsync(
            () => child.HasExited || (found = Pick(OfTree(child.Pid), port)) is not null,
            deadline,
            TimeSpan.FromMilliseconds(5),
            cancellationToken).ConfigureAwait(false);
        return child.HasExited ? null : found;
    }

    private static ListeningSocket? Pick(IReadOnlyList<ListeningSocket> sockets, int? port) =>
        port is { } p ? sockets.FirstOrDefault(s => s.Port == p) : (sockets.Count > 0 ? sockets[0] : null);

    private static HashSet<long> SocketInodesOfTree(int pid)
    {
        var inodes = new HashSet<long>();
        foreach (var member in ProcessTree.Of(pid))
        {
            AddSocketInodes(member, inodes);
        }

        return inodes;
    }

    private static void AddSocketInodes(int pid, HashSet<long> into)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith(SocketPrefix, StringComparison.Ordinal)
                    && long.TryParse(target.AsSpan(SocketPrefix.Length, target.Length - SocketPrefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
                {
                    into.Add(inode);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended while we looked.
        }
    }
}
