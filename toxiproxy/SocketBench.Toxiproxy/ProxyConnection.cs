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
/// default, so the other direction keeps flowing; the connection is finished (<see cref="Completion"/>)
/// when both links are. <see cref="Close"/> tears both down at once. It knows nothing of its proxy: the
/// proxy awaits <see cref="Completion"/>.
/// </summary>
internal sealed class ProxyConnection
{
    private readonly Socket client;
    private readonly Socket upstream;
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int linksFinished;
    private volatile bool resetOnClose;

    /// <summary>Creates the connection; call <see cref="Prepare"/> and <see cref="Run"/> next.</summary>
    public ProxyConnection(LinkContext context, Socket client, Socket upstream, bool passHalfClose)
    {
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

    /// <summary>Completes when both links finished and both sockets are closed.</summary>
    public Task Completion => completion.Task;

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

    /// <summary>Closes both sockets and stops both links now.</summary>
    public void Close()
    {
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
                CloseSocket(destination);
                break;
        }
    }

    /// <summary>Called by each link when it finishes.</summary>
    public void OnLinkFinished()
    {
        if (Interlocked.Increment(ref linksFinished) == 2)
        {
            CloseSocket(client);
            CloseSocket(upstream);
            completion.TrySetResult();
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
