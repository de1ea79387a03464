using System.Text;
using SocketBench.Toxiproxy.Logging;
using SocketBench.Toxiproxy.Net;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// The endpoint handlers (cf. Toxiproxy's <c>api.go</c>). Every handler runs under one async lock, so
/// API changes are serialized; live links apply them without holding it for long.
/// </summary>
internal sealed partial class ApiHandlers(ProxyCollection proxies, ProxyHost host, MetricsWriter metrics)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>GET /version: hand-written JSON, as Toxiproxy does.</summary>
    public static ApiResponse Version() =>
        new(200, "application/json;charset=utf-8", Encoding.UTF8.GetBytes($"{{\"version\": \"{ToxiproxyConstants.Version}\"}}\n"));

    /// <summary>GET /proxies.</summary>
    public Task<ApiResponse> ListProxiesAsync() => LockedAsync(() =>
    {
        var all = proxies.All().ToDictionary(p => p.Name, ApiBodies.From, StringComparer.Ordinal);
        return Task.FromResult(ApiResponse.FromJson(200, all, ApiJsonContext.Default.DictionaryStringProxyBody));
    });

    /// <summary>POST /proxies.</summary>
    public Task<ApiResponse> CreateProxyAsync(byte[] raw) => LockedAsync(() =>
    {
        var body = JsonInput.RequireObject(JsonInput.Parse(raw), "proxy.Proxy");
        var name = JsonInput.String(body, "name", "Proxy.name") ?? string.Empty;
        var listen = JsonInput.String(body, "listen", "Proxy.listen") ?? string.Empty;
        var upstream = JsonInput.String(body, "upstream", "Proxy.upstream") ?? string.Empty;
        var enabled = JsonInput.Bool(body, "enabled", "Proxy.enabled") ?? true;
        if (name.Length == 0)
        {
            throw ApiErrors.MissingField("name");
        }

        if (upstream.Length == 0)
        {
            throw ApiErrors.MissingField("upstream");
        }

        var proxy = new Proxy(host, name, listen, upstream) { HalfClose = JsonInput.Bool(body, "half_close", "Proxy.half_close") ?? true };
        proxies.Add(proxy, enabled);
        return Task.FromResult(ApiResponse.FromJson(201, ApiBodies.From(proxy), ApiJsonContext.Default.ProxyBody));
    });

    /// <summary>GET /proxies/{proxy}.</summary>
    public Task<ApiResponse> GetProxyAsync(string name) => LockedAsync(() =>
        Task.FromResult(ApiResponse.FromJson(200, ApiBodies.From(proxies.Get(name)), ApiJsonContext.Default.ProxyBody)));

    /// <summary>PATCH or POST /proxies/{proxy}: listen, upstream, enabled; missing fields keep their values.</summary>
    public Task<ApiResponse> UpdateProxyAsync(string name, byte[] raw) => LockedAsync(() =>
    {
        var proxy = proxies.Get(name);
        var body = JsonInput.RequireObject(JsonInput.Parse(raw), "proxy.Proxy");
        var listen = JsonInput.String(body, "listen", "Proxy.listen") ?? proxy.Listen;
        var upstream = JsonInput.String(body, "upstream", "Proxy.upstream") ?? proxy.Upstream;
        var enabled = JsonInput.Bool(body, "enabled", "Proxy.enabled") ?? proxy.Enabled;
        proxy.HalfClose = JsonInput.Bool(body, "half_close", "Proxy.half_close") ?? proxy.HalfClose;
        string resolved;
        try
        {
            resolved = NetAddress.ResolveToString(listen);
        }
        catch (AddressException e)
        {
            throw ApiErrors.Internal(e.Message);
        }

        if (proxy.Listen != resolved || proxy.Upstream != upstream)
        {
            proxy.Stop();
            proxy.Listen = listen;
            proxy.Upstream = upstream;
        }

        if (enabled && !proxy.Enabled)
        {
            ProxyCollection.StartOrThrow(proxy);
        }
        else if (!enabled)
        {
            proxy.Stop();
        }

        return Task.FromResult(ApiResponse.FromJson(200, ApiBodies.From(proxy), ApiJsonContext.Default.ProxyBody));
    });

    /// <summary>DELETE /proxies/{proxy}.</summary>
    public Task<ApiResponse> DeleteProxyAsync(string name) => LockedAsync(() =>
    {
        proxies.Remove(name);
        host.Log.Write(LogLevel.Info, "Deleted proxy", ("name", name));
        return Task.FromResult(ApiResponse.NoContent());
    });

    /// <summary>POST /reset: re-enable every proxy and remove all toxics; never stops half-way.</summary>
    public Task<ApiResponse> ResetAsync() => LockedAsync(async () =>
    {
        Exception? first = null;
        foreach (var proxy in proxies.All())
        {
            try
            {
                ProxyCollection.StartOrThrow(proxy);
            }
            catch (ApiException e)
            {
                first ??= e;
            }

            await proxy.Toxics.RemoveAllAsync().ConfigureAwait(false);
        }

        return first is null ? ApiResponse.NoContent() : ApiErrors.ToResponse(first);
    });

    /// <summary>/metrics in Prometheus text format.</summary>
    public Task<ApiResponse> MetricsAsync() => LockedAsync(() =>
        Task.FromResult(new ApiResponse(200, "text/plain; version=0.0.4; charset=utf-8", metrics.Write(proxies.All()))));

    private async Task<ApiResponse> LockedAsync(Func<Task<ApiResponse>> handler)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return await handler().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
