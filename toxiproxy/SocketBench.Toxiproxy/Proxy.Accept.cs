using System.Net;
using System.Net.Sockets;
using SocketBench.Toxiproxy.Logging;
using SocketBench.Toxiproxy.Net;
using SocketBench.Toxiproxy.Stream;

namespace SocketBench.Toxiproxy;

/// <summary>The accept loop and the upstream dial.</summary>
internal sealed partial class Proxy
{
    private static readonly TimeSpan MaxAcceptBackoff = TimeSpan.FromSeconds(1);
    private ParsedUpstream? dialTarget;

    private async Task DoAcceptAsync(Socket socket, CancellationToken stop)
    {
        var backoff = TimeSpan.FromMilliseconds(5);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ProcessAcceptsAsync(socket, stop).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and friends: the client stays queued; back off instead of spinning.
                host.Log.Write(LogLevel.Warn, "Accept failed", ("name", Name), ("err", e.SocketErrorCode));
                await Task.Delay(backoff, host.Time, stop).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxAcceptBackoff.Ticks));
            }
        }
    }

    private async Task ProcessAcceptsAsync(Socket socket, CancellationToken stop)
    {
        while (true)
        {
            var client = await socket.AcceptAsync(stop).ConfigureAwait(false);
            client.NoDelay = true;
            _ = ConnectAsync(client, stop);
        }
    }

    private async Task ConnectAsync(Socket client, CancellationToken stop)
    {
        var target = DialTarget();
        var upstream = target is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (target is null)
            {
                throw new SocketException((int)SocketError.HostNotFound);
            }

            upstream.NoDelay = true;
            await upstream.ConnectAsync(target, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or ArgumentException)
        {
            host.Log.Write(LogLevel.Error, "Unable to open connection to upstream", ("name", Name), ("upstream", Upstream));
            upstream.Dispose();
            client.Dispose();
            return;
        }

        if (host.Log.IsEnabled(LogLevel.Debug))
        {
            host.Log.Write(LogLevel.Debug, "Accepted client", ("name", Name), ("client", client.RemoteEndPoint));
        }

        var key = Key(Direction.Upstream);
        var context = new LinkContext(host.Time, host.Log, host.NextSeed());
        var connection = new ProxyConnection(context, client, upstream, HalfClose, finished => OnConnectionFinished(finished, key));
        Toxics.StartConnection(connection);
        if (stop.IsCancellationRequested)
        {
            connection.Close();
        }
    }

    /// <summary>The upstream address parsed once per value of <see cref="Upstream"/>, not once per client.</summary>
    private EndPoint? DialTarget()
    {
        var upstream = Upstream;
        var cached = Volatile.Read(ref dialTarget);
        if (cached is null || !ReferenceEquals(cached.Text, upstream))
        {
            cached = new ParsedUpstream(upstream, NetAddress.ParseDialTarget(upstream));
            Volatile.Write(ref dialTarget, cached);
        }

        return cached.Target;
    }

    private sealed record ParsedUpstream(string Text, EndPoint? Target);
}
