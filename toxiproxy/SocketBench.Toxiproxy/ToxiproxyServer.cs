using System.Net;
using SocketBench.Toxiproxy.Api;
using SocketBench.Toxiproxy.Logging;
using SocketBench.Toxiproxy.Net;

namespace SocketBench.Toxiproxy;

/// <summary>
/// The embeddable fault proxy: the HTTP API plus every proxy it manages.
/// <code>
///   var server = new ToxiproxyServer(new ToxiproxyOptions { Host = "127.0.0.1", Port = 0 });
///   await server.StartAsync();          // loads -config, then binds the API
///   var url = server.ApiUrl;            // http://127.0.0.1:PORT
///   await server.StopAsync();           // closes the API, every listener and connection
/// </code>
/// </summary>
public sealed class ToxiproxyServer : IAsyncDisposable
{
    private readonly ToxiproxyOptions options;
    private readonly ProxyCollection proxies = new();
    private readonly ApiHandlers handlers;
    private readonly ApiRouter router;
    private ApiServer? api;

    /// <summary>Creates a stopped server.</summary>
    public ToxiproxyServer(ToxiproxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        var host = new ProxyHost(options.TimeProvider, options.Log, options.Seed);
        var metrics = new MetricsWriter(options.ProxyMetrics, options.RuntimeMetrics);
        handlers = new ApiHandlers(proxies, host, metrics);
        router = new ApiRouter(handlers, metrics.Enabled);
    }

    /// <summary>The bound API endpoint (valid after <see cref="StartAsync"/>).</summary>
    public IPEndPoint ApiEndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>The API base URL, e.g. <c>http://127.0.0.1:8474</c>.</summary>
    public Uri ApiUrl => new($"http://{NetAddress.Format(ApiEndPoint)}");

    /// <summary>Connections the API serves now (tests watch the limits with it).</summary>
    internal int OpenApiConnections => api?.OpenConnections ?? 0;

    /// <summary>Loads <see cref="ToxiproxyOptions.ConfigPath"/>, then binds and serves the API.</summary>
    /// <exception cref="InvalidOperationException">
    /// The config file is unreadable or invalid (one line naming the file, the proxy, the toxic and the
    /// problem; proxies it already started are stopped), or the API cannot bind.
    /// </exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (options.ConfigPath is { } path)
        {
            try
            {
                await LoadConfigAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                proxies.StopAll();
                throw;
            }
        }

        var address = options.Host.Contains(':', StringComparison.Ordinal) && !options.Host.StartsWith('[')
            ? $"[{options.Host}]:{options.Port}"
            : $"{options.Host}:{options.Port}";
        System.Net.Sockets.Socket listener;
        try
        {
            listener = NetAddress.Listen(address, ToxiproxyConstants.ApiBacklog);
        }
        catch (AddressException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }

        ApiEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        api = new ApiServer(listener, router, options);
        api.Start();
        options.Log.Write(LogLevel.Info, "API HTTP server starting", ("host", options.Host), ("port", ApiEndPoint.Port), ("version", ToxiproxyConstants.Version));
    }

    /// <summary>Stops the API and every proxy.</summary>
    public async Task StopAsync()
    {
        if (api is null)
        {
            proxies.StopAll();
            return; // never started (or a failed start): nothing to report, so a start-up error stays one line
        }

        await api.StopAsync().ConfigureAwait(false);
        api = null;
        proxies.StopAll();
        options.Log.Write(LogLevel.Info, "Shutdown complete");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task LoadConfigAsync(string path, CancellationToken cancellationToken)
    {
        byte[] raw;
        try
        {
            raw = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"-config {path}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidOperationException($"-config {path}: {e.Message}", e);
        }

        try
        {
            var entries = ApiHandlers.ParseEntries(JsonInput.Parse(raw));
            await handlers.LoadConfigAsync(entries).ConfigureAwait(false);
            options.Log.Write(LogLevel.Info, "Populated proxies from file", ("config", path), ("proxies", entries.Count));
        }
        catch (ApiException e)
        {
            // Unlike Toxiproxy (which logs and goes on without the file), a bad config fails start-up.
            throw new InvalidOperationException($"-config {path}: {e.Message}", e);
        }
    }
}
