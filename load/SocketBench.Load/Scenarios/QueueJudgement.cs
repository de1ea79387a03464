using SocketBench.Processes;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Where the kernel has a set of clients of one listening port at one moment, read from
/// /proc/net/tcp: queued (the server side of the connection is ESTABLISHED: in the accept queue or
/// accepted), waiting (the client side is in SYN-SENT: its SYN was dropped), plus the LISTEN row's
/// rx_queue (the accept-queue length). Settled when every client is one of the two.
/// </summary>
internal sealed class QueueJudgement
{
    public const string Queued = "queued";
    public const string Waiting = "waiting";

    /// <summary>The state of every client when the kernel cannot be asked (--target).</summary>
    public const string NotJudged = "n/a";

    private readonly Dictionary<int, string> _states = [];

    public static QueueJudgement NotApplicable { get; } = new() { Settled = true };

    public long At { get; private init; }

    public int? AcceptQueue { get; private init; }

    public int QueuedCount { get; private set; }

    public int WaitingCount { get; private set; }

    public bool Settled { get; private init; }

    public long Overflows { get; set; }

    public string StateOf(int clientPort) => _states.TryGetValue(clientPort, out var s) ? s : NotJudged;

    /// <summary>Reads /proc/net/tcp now; <paramref name="at"/> is the caller's timestamp of the moment.</summary>
    public static QueueJudgement Take(int serverPort, IReadOnlyCollection<int> clientPorts, long at) =>
        From(ProcNetTcp.Read(), serverPort, clientPorts, at);

    internal static QueueJudgement From(IEnumerable<ProcNetTcp.Row> rows, int serverPort, IReadOnlyCollection<int> clientPorts, long at)
    {
        var wanted = clientPorts.ToHashSet();
        var serverSide = new HashSet<int>();
        var clientSide = new Dictionary<int, ProcNetTcp.State>();
        int? acceptQueue = null;
        foreach (var r in rows)
        {
            if (r.State == ProcNetTcp.State.Listen && r.Local.Port == serverPort)
            {
                acceptQueue = (int)r.RxQueue;
            }
            else if (r.Local.Port == serverPort && wanted.Contains(r.Remote.Port) && r.State == ProcNetTcp.State.Established)
            {
                serverSide.Add(r.Remote.Port);
            }
            else if (r.Remote.Port == serverPort && wanted.Contains(r.Local.Port))
            {
                clientSide[r.Local.Port] = r.State;
            }
        }

        var j = new QueueJudgement { At = at, AcceptQueue = acceptQueue, Settled = clientPorts.All(p => serverSide.Contains(p) || clientSide.GetValueOrDefault(p) == ProcNetTcp.State.SynSent) };
        foreach (var p in clientPorts)
        {
            var state = serverSide.Contains(p) ? Queued : clientSide.TryGetValue(p, out var st) ? st == ProcNetTcp.State.SynSent ? Waiting : $"state_{(int)st:X2}" : "no_socket";
            j._states[p] = state;
            j.QueuedCount += state == Queued ? 1 : 0;
            j.WaitingCount += state == Waiting ? 1 : 0;
        }

        return j;
    }
}
