using System.Net;
using SocketBench.Processes;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.Load.Faults;

/// <summary>
/// The fault proxy for scenario 6, driven through the typed <see cref="ToxiproxyClient"/> (the plain
/// Toxiproxy 2.x HTTP API, so a real Toxiproxy works too): either the one at <c>--toxiproxy URL</c> /
/// TOXIPROXY_URL, or bin/toxiproxy-server started here through the shared process library on a free
/// loopback port, ready once it listens, stopped with SIGTERM to its process group.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly ToxiproxyClient _client;
    private readonly ServerProcess? _server;
    private readonly List<ProxyHandle> _proxies = [];

    private FaultProxy(ToxiproxyClient client, ServerProcess? server)
    {
        _client = client;
        _server = server;
    }

    /// <summary>Gets the API's base address.</summary>
    public Uri Api => _client.BaseAddress;

    /// <summary>Gets the proxy server this object started, or null when it speaks to one at a URL.</summary>
    public ServerProcess? Server => _server;

    /// <summary>Uses the API at <paramref name="url"/> (else TOXIPROXY_URL), or starts <paramref name="serverPath"/>.</summary>
    /// <exception cref="FileNotFoundException">No URL and the proxy is not built.</exception>
    public static async Task<FaultProxy> StartAsync(string serverPath, Uri? url, CancellationToken cancellationToken)
    {
        url ??= ToxiproxyClient.ParseUrl(Environment.GetEnvironmentVariable(ToxiproxyClient.UrlVariable));
        if (url is not null)
        {
            return new FaultProxy(new ToxiproxyClient(url), null);
        }

        if (!File.Exists(serverPath))
        {
            throw new FileNotFoundException($"{serverPath} not found (make bin/toxiproxy-server), and no --toxiproxy URL or {ToxiproxyClient.UrlVariable} given", serverPath);
        }

        var server = await ServerProcess.StartAsync(
            new ServerStartOptions
            {
                FileName = serverPath,
                Arguments = ["-host", "127.0.0.1", "-port"],
                Child = new ChildProcessOptions { FileName = serverPath, StdoutCapBytes = 64 * 1024, StderrCapBytes = 256 * 1024 },
            },
            cancellationToken).ConfigureAwait(false);
        return new FaultProxy(new ToxiproxyClient(new Uri($"http://127.0.0.1:{server.Port}/")), server);
    }

    /// <summary>Creates proxy <paramref name="name"/> to <paramref name="upstream"/> on a loopback port from the OS.</summary>
    public async Task<ProxyHandle> CreateProxyAsync(string name, IPEndPoint upstream, CancellationToken cancellationToken)
    {
        var proxy = await _client.CreateProxyAsync(name, new UpstreamAddress(upstream), ListenAddress.LoopbackAnyPort, cancellationToken: cancellationToken).ConfigureAwait(false);
        _proxies.Add(proxy);
        return proxy;
    }

    /// <summary>The end point a client connects to for <paramref name="proxy"/>.</summary>
    public static IPEndPoint EndPointOf(ProxyHandle proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return new IPEndPoint(IPAddress.TryParse(proxy.ListenHost, out var address) && !address.Equals(IPAddress.Any) ? address : IPAddress.Loopback, proxy.ListenPort);
    }

    /// <summary>Deletes the proxies made here, then stops the proxy server if this object started it.</summary>
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

        _client.Dispose();
        if (_server is not null)
        {
            await _server.StopAsync().ConfigureAwait(false);
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
