using System.Net;
using System.Net.Sockets;
using SocketBench.Toxiproxy.Logging;
using SocketBench.Toxiproxy.Net;
using SocketBench.Toxiproxy.Stream;

namespace SocketBench.Toxiproxy;

/// <summary>
/// A named listener forwarding to one upstream (cf. Toxiproxy's <c>proxy.go</c>).
/// <code>
///   listen ──accept──▶ dial upstream (async, off the accept loop) ──▶ ProxyConnection(up, down links)
/// </code>
/// While listening, <see cref="Listen"/> holds the bound address (<c>127.0.0.1:P</c>); while stopped it
/// keeps the string as given. Mutated only under its own <see cref="ApiLock"/>.
/// </summary>
internal sealed partial class Proxy
{
    private readonly ProxyHost host;
    private readonly Lock countersGate = new();
    private Socket? listener;
    private CancellationTokenSource? acceptCts;

    /// <summary>Creates a stopped proxy.</summary>
    public Proxy(ProxyHost host, string name, string listen, string upstream)
    {
        this.host = host;
        Name = name;
        Listen = listen;
        Upstream = upstream;
        Toxics = new ToxicCollection(host.Time);
    }

    /// <summary>Unique name.</summary>
    public string Name { get; }

    /// <summary>Bound address while enabled, the given string otherwise.</summary>
    public string Listen { get; set; }

    /// <summary>Upstream <c>host:port</c>, never validated before a client connects.</summary>
    public string Upstream { get; set; }

    /// <summary>
    /// Whether a client's (or server's) half-close is passed through as a half-close (the default), or
    /// ends the whole connection as in Toxiproxy (wire <c>half_close: false</c>, an extension). Read
    /// when a connection starts.
    /// </summary>
    public bool HalfClose { get; set; } = true;

    /// <summary>True while listening.</summary>
    public bool Enabled { get; private set; }

    /// <summary>The proxy's toxics and live connections.</summary>
    public ToxicCollection Toxics { get; }

    /// <summary>Serializes API changes to this proxy only: a slow change never stalls other proxies' calls.</summary>
    public SemaphoreSlim ApiLock { get; } = new(1, 1);

    /// <summary>
    /// Binds and starts accepting; a no-op when already listening. <paramref name="endPoint"/> is
    /// <see cref="Listen"/> resolved by the caller (outside any lock), or null to resolve it here.
    /// Throws <see cref="AddressException"/>.
    /// </summary>
    public void Start(IPEndPoint? endPoint = null)
    {
        if (Enabled)
        {
            return;
        }

        var socket = endPoint is null
            ? NetAddress.Listen(Listen, ToxiproxyConstants.ProxyBacklog)
            : NetAddress.Listen(endPoint, ToxiproxyConstants.ProxyBacklog);
        listener = socket;
        Listen = NetAddress.Format((IPEndPoint)socket.LocalEndPoint!);
        Enabled = true;
        acceptCts = new CancellationTokenSource();
        _ = Task.Run(() => DoAcceptAsync(socket, acceptCts.Token));
        host.Log.Write(LogLevel.Info, "Started proxy", ("name", Name), ("listen", Listen), ("upstream", Upstream));
    }

    /// <summary>Closes the listener and every connection; safe to call repeatedly.</summary>
    public void Stop()
    {
        if (!Enabled)
        {
            return;
        }

        Enabled = false;
        acceptCts?.Cancel();
        acceptCts?.Dispose();
        acceptCts = null;
        listener?.Dispose();
        listener = null;
        foreach (var connection in Toxics.Connections)
        {
            connection.Close();
        }

        host.Log.Write(LogLevel.Info, "Terminated proxy", ("name", Name));
    }

    /// <summary>The labels this proxy's counters carry now.</summary>
    public TrafficKey Key(Direction direction) => new(Name, Listen, Upstream, direction);

    /// <summary>
    /// Bytes received from and sent to sockets per direction under the current labels: finished links
    /// (kept in <see cref="ProxyHost.Traffic"/>, so they survive this proxy) plus live ones.
    /// </summary>
    public (long Received, long Sent) Bytes(Direction direction)
    {
        lock (countersGate)
        {
            var (received, sent) = host.Traffic.Finished(Key(direction));
            foreach (var connection in Toxics.Connections)
            {
                var link = connection.Link(direction);
                received += link.ReceivedBytes;
                sent += link.SentBytes;
            }

            return (received, sent);
        }
    }

    /// <summary>Called when both links of a connection finished, with the labels it started under.</summary>
    private void OnConnectionFinished(ProxyConnection connection, TrafficKey upstreamKey)
    {
        // One step under the counters' lock, so a reader never sees the bytes twice or not at all.
        lock (countersGate)
        {
            host.Traffic.Add(upstreamKey, connection.Upstream.ReceivedBytes, connection.Upstream.SentBytes);
            host.Traffic.Add(upstreamKey with { Direction = Direction.Downstream }, connection.Downstream.ReceivedBytes, connection.Downstream.SentBytes);
            Toxics.RemoveConnection(connection);
        }
    }
}
