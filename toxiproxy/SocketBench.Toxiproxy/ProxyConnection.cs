using System.Net.Sockets;
using SocketBench.Toxiproxy.Stream;
using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy;

/// <summary>
/// One accepted client and its upstream socket, joined by two links.
/// <code>
///   client ──upstream link──▶ server
///   client ◀──downstream link── server
/// </code>
/// Each link passes the end of its source on to its destination (<see cref="LinkEnd"/>): a half-close by
/// default, so the other direction keeps flowing; the connection is finished when both links are, and
/// then calls the finish callback it was given, on the thread that ended the second link (no hop to the
/// thread pool: a fresh connection's whole life runs on the socket event threads).
/// A full close (<see cref="LinkEnd.Close"/>) FINs both peers and drains both sockets before closing
/// them; <see cref="Close"/> (the proxy stops) tears both down at once. It knows nothing of its proxy
/// but that callback.
/// </summary>
internal sealed class ProxyConnection
{
    private const int Open = 0;
    private const int Draining = 1;
    private const int Stopped = 2;

    private readonly Socket client;
    private readonly Socket upstream;
    private readonly Action<ProxyConnection> finished;
    private readonly TimeProvider time;
    private int linksFinished;
    private int outstanding = 1;
    private int state;
    private volatile bool resetOnClose;

    /// <summary>
    /// Creates the connection; call <see cref="Prepare"/> and <see cref="Run"/> next.
    /// <paramref name="finished"/> runs once, when both links finished and both sockets are closed (after
    /// their drain, when the connection closed cleanly); it
    /// must be short and must not wait (it runs on a socket event thread).
    /// </summary>
    public ProxyConnection(LinkContext context, Socket client, Socket upstream, bool passHalfClose, Action<ProxyConnection> finished)
    {
        this.finished = finished;
        time = context.Time;
        this.client = client;
        this.upstream = upstream;
        PassHalfClose = passHalfClose;
        Upstream = new ToxicLink(this, context, Direction.Upstream, client, upstream);
        Downstream = new ToxicLink(this, context, Direction.Downstream, upstream, client);
    }

    /// <summary>Client → server.</summary>
    public ToxicLink Upstream { get; }

    /// <summary>Server → client.</summary>
    public ToxicLink Downstream { get; }

    /// <summary>True to pass a half-close on (the default); false for Toxiproxy's "any end closes both".</summary>
    public bool PassHalfClose { get; }

    /// <summary>The link carrying <paramref name="direction"/>.</summary>
    public ToxicLink Link(Direction direction) => direction == Direction.Upstream ? Upstream : Downstream;

    /// <summary>Gives both links the toxics that exist now; call under the collection's lock, then <see cref="Run"/>.</summary>
    public void Prepare(IReadOnlyList<Toxic> upstreamToxics, IReadOnlyList<Toxic> downstreamToxics)
    {
        Upstream.Prepare(upstreamToxics);
        Downstream.Prepare(downstreamToxics);
    }

    /// <summary>
    /// Starts both readers, downstream first: the server has rarely sent anything yet, so that reader
    /// parks at once, while the client's first bytes may already wait for the upstream reader.
    /// </summary>
    public void Run()
    {
        Downstream.Run();
        Upstream.Run();
    }

    /// <summary>Closes both sockets and stops both links now (the proxy stops, is disabled or deleted): no drain.</summary>
    public void Close()
    {
        Volatile.Write(ref state, Stopped);
        Upstream.Abort();
        Downstream.Abort();
        CloseSocket(client);
        CloseSocket(upstream);
    }

    /// <summary>
    /// Closes both sockets with a TCP RST (SO_LINGER 0): what reset_peer does when it fires, and how a
    /// reset on one side reaches the other. Unlike Toxiproxy (issue #603), a connection whose reset_peer
    /// roll missed, or that started under a reset_peer since removed, still closes with a normal FIN; and
    /// a reset_peer added to a live connection really resets it.
    /// </summary>
    public void Reset()
    {
        resetOnClose = true;
        var linger = new LingerOption(true, 0);
        foreach (var socket in new[] { client, upstream })
        {
            try
            {
                socket.LingerState = linger;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // already closed
            }
        }

        Close();
    }

    /// <summary>Passes a finished link's end on to its destination socket.</summary>
    public void EndLink(Socket destination, LinkEnd end)
    {
        switch (end)
        {
            case LinkEnd.HalfClose:
                try
                {
                    destination.Shutdown(SocketShutdown.Send);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // already closed
                }

                break;
            case LinkEnd.Reset:
                Reset();
                break;
            default:
                CloseCleanly();
                break;
        }
    }

    /// <summary>Called by each link when it finishes.</summary>
    public void OnLinkFinished()
    {
        if (Interlocked.Increment(ref linksFinished) == 2)
        {
            if (Volatile.Read(ref state) == Open)
            {
                // Each link has passed its end on (a FIN or a reset) and read its source to its end:
                // nothing is left to shut down or to drain, so close without another system call.
                client.Dispose();
                upstream.Dispose();
            }

            Release();
        }
    }

    /// <summary>
    /// Ends the whole connection with a FIN to both peers (a toxic's close, a failure, or Toxiproxy's
    /// "any end closes both"): both links stop, and each socket drains what its peer still sends
    /// (<see cref="Net.LingeringClose"/>) before it closes, so bytes the proxy did not read never turn
    /// the close into a reset (a client still sending when limit_data cuts it gets its EOF, not an RST).
    /// </summary>
    private void CloseCleanly()
    {
        if (Interlocked.CompareExchange(ref state, Draining, Open) != Open)
        {
            return;
        }

        Interlocked.Add(ref outstanding, 2);
        Upstream.Abort();
        Downstream.Abort();
        _ = DrainThenCloseAsync(client);
        _ = DrainThenCloseAsync(upstream);
    }

    private async Task DrainThenCloseAsync(Socket socket)
    {
        await Net.LingeringClose.DrainAsync(socket, ToxiproxyConstants.LinkDrainBytes, ToxiproxyConstants.LinkDrainTimeout, time, CancellationToken.None).ConfigureAwait(false);
        socket.Dispose();
        Release();
    }

    /// <summary>The connection is finished once both links ended and every draining socket closed.</summary>
    private void Release()
    {
        if (Interlocked.Decrement(ref outstanding) == 0)
        {
            finished(this);
        }
    }

    /// <summary>
    /// Fully closes one socket: FIN (shutdown, then close) normally, RST (close with SO_LINGER 0)
    /// after <see cref="Reset"/>. Shutting down first also wakes the other link's
    /// pending receive with a clean EOF instead of an abortive close.
    /// </summary>
    private void CloseSocket(Socket socket)
    {
        if (!resetOnClose)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // already closed or never connected
            }
        }

        socket.Dispose();
    }
}
