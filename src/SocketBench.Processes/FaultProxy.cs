using System.Net;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.Processes;

/// <summary>
/// A Toxiproxy-compatible fault proxy driven through the typed <see cref="ToxiproxyClient"/> (the plain
/// Toxiproxy 2.x HTTP API, so a real Toxiproxy works too): either one already running at a URL, or a
/// <c>toxiproxy-server</c> program (ours in bin/, or Shopify's) started here with <c>-host 127.0.0.1
/// -port N</c> on a free loopback port, ready once it listens, stopped with SIGTERM to its process
/// group. The one place the load runner, the bench and the grader start the proxy.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const string Host = "127.0.0.1";
    private readonly List<ProxyHandle> _proxies = [];

    private FaultProxy(ToxiproxyClient client, ServerProcess? server)
    {
        Client = client;
        Server = server;
    }

    /// <summary>Gets the typed client for the proxy's API.</summary>
    public ToxiproxyClient Client { get; }

    /// <summary>Gets the API's base address.</summary>
    public Uri Api => Client.BaseAddress;

    /// <summary>Gets the proxy server this object started, or null when it speaks to one at a URL.</summary>
    public ServerProcess? Server { get; }

    /// <summary>
    /// Uses the API at <paramref name="url"/> when given, else starts <paramref name="serverPath"/> (with
    /// <paramref name="arguments"/> before its <c>-port</c>, e.g. <c>-seed N</c>) and waits until it listens.
    /// </summary>
    /// <exception cref="FileNotFoundException">No URL and <paramref name="serverPath"/> does not exist.</exception>
    /// <exception cref="ServerStartException">The server exited or did not listen in time.</exception>
    public static async Task<FaultProxy> StartAsync(string serverPath, Uri? url = null, IReadOnlyList<string>? arguments = null, CancellationToken cancellationToken = default)
    {
        if (url is not null)
        {
            return new FaultProxy(new ToxiproxyClient(url), null);
        }

        if (!File.Exists(serverPath))
        {
            throw new FileNotFoundException($"{serverPath} not found (make bin/toxiproxy-server)", serverPath);
        }

        var server = await ServerProcess.StartAsync(
            new ServerStartOptions
            {
                FileName = serverPath,
                Arguments = ["-host", Host, .. arguments ?? [], "-port"],
                Child = new ChildProcessOptions { FileName = serverPath, StdoutCapBytes = 64 * 1024, StderrCapBytes = 256 * 1024 },
            },
            cancellationToken).ConfigureAwait(false);
        return new FaultProxy(new ToxiproxyClient(new Uri($"http://{Host}:{server.Port}/")), server);
    }

    /// <summary>Creates proxy <paramref name="name"/> to <paramref name="upstream"/> on a loopback port from the OS; deleted again on dispose.</summary>
    public async Task<ProxyHandle> CreateProxyAsync(string name, IPEndPoint upstream, CancellationToken cancellationToken = default)
    {
        var proxy = await Client.CreateProxyAsync(name, new UpstreamAddress(upstream), ListenAddress.LoopbackAnyPort, cancellationToken: cancellationToken).ConfigureAwait(false);
        _proxies.Add(proxy);
        return proxy;
    }

    /// <summary>The end point a client connects to for <paramref name="proxy"/> (loopback when it listens on any address).</summary>
    public static IPEndPoint EndPointOf(ProxyHandle proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return new IPEndPoint(IPAddress.TryParse(proxy.ListenHost, out var address) && !address.Equals(IPAddress.Any) ? address : IPAddress.Loopback, proxy.ListenPort);
    }

    /// <summary>Deletes the proxies made through <see cref="CreateProxyAsync"/>, then stops the proxy server if this object started it.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in _proxies)
        {
            try
            {
                await proxy.DeleteAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or ToxiproxyApiException or TaskCanceledException)
            {
                // Gone already, or the API is down: the server is stopped next anyway.
            }
        }

        Client.Dispose();
        if (Server is not null)
        {
            await Server.StopAsync().ConfigureAwait(false);
            await Server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
