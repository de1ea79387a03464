using System.Net;
using System.Text;
using SocketBench.Toxiproxy.Logging;
using SocketBench.Toxiproxy.Net;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// The endpoint handlers (cf. Toxiproxy's <c>api.go</c>). Reads take no API lock; changes to a proxy
/// serialize on that proxy's <see cref="Proxy.ApiLock"/> (<see cref="WithProxyAsync{T}"/>), so a
/// <c>/reset</c> waiting on stuck links of one proxy never stalls calls about the others. Listen
/// addresses are resolved before any lock is taken.
/// </summary>
internal sealed partial class ApiHandlers(ProxyCollection proxies, ProxyHost host, MetricsWriter metrics)
{
    /// <summary>GET /version: hand-written JSON, as Toxiproxy does.</summary>
    public static ApiResponse Version() =>
        new(200, "application/json;charset=utf-8", Encoding.UTF8.GetBytes($"{{\"version\": \"{ToxiproxyConstants.Version}\"}}\n"));

    /// <summary>GET /proxies.</summary>
    public Task<ApiResponse> ListProxiesAsync()
    {
        var all = proxies.All().ToDictionary(p => p.Name, ApiBodies.From, StringComparer.Ordinal);
        return Task.FromResult(ApiResponse.FromJson(200, all, ApiJsonContext.Default.DictionaryStringProxyBody));
    }

    /// <summary>POST /proxies. Without <c>listen</c> the proxy binds loopback (not every interface as Toxiproxy).</summary>
    public Task<ApiResponse> CreateProxyAsync(byte[] raw)
    {
        var body = JsonInput.RequireObject(JsonInput.Parse(raw), "proxy.Proxy");
        var name = JsonInput.String(body, "name", "Proxy.name") ?? string.Empty;
        var listen = ListenOrDefault(JsonInput.String(body, "listen", "Proxy.listen"));
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

        if (proxies.Find(name) is not null)
        {
            throw ApiErrors.ProxyAlreadyExists();
        }

        var bindTo = enabled ? ProxyCollection.ResolveListen(listen) : null;
        var proxy = new Proxy(host, name, listen, upstream) { HalfClose = JsonInput.Bool(body, "half_close", "Proxy.half_close") ?? true };
        proxies.Add(proxy, bindTo);
        return Task.FromResult(ApiResponse.FromJson(201, ApiBodies.From(proxy), ApiJsonContext.Default.ProxyBody));
    }

    /// <summary>GET /proxies/{proxy}.</summary>
    public Task<ApiResponse> GetProxyAsync(string name) =>
        Task.FromResult(ApiResponse.FromJson(200, ApiBodies.From(proxies.Get(name)), ApiJsonContext.Default.ProxyBody));

    /// <summary>
    /// PATCH (preferred) or POST (deprecated, logged as Toxiproxy does) /proxies/{proxy}: listen, upstream,
    /// enabled; missing or null fields keep their values.
    /// </summary>
    public async Task<ApiResponse> UpdateProxyAsync(string name, byte[] raw, bool viaPost)
    {
        if (viaPost)
        {
            host.Log.Write(LogLevel.Warn, "ProxyUpdate: HTTP method POST is depercated. Use HTTP PATCH instead.", ("proxy", name));
        }

        var current = proxies.Get(name);
        var body = JsonInput.RequireObject(JsonInput.Parse(raw), "proxy.Proxy");
        var listenGiven = JsonInput.String(body, "listen", "Proxy.listen");
        var upstreamGiven = JsonInput.String(body, "upstream", "Proxy.upstream");
        var enabledGiven = JsonInput.Bool(body, "enabled", "Proxy.enabled");
        var halfCloseGiven = JsonInput.Bool(body, "half_close", "Proxy.half_close");
        var resolvedListen = listenGiven ?? current.Listen;
        var resolved = ResolveForUpdate(resolvedListen);
        return await WithProxyAsync(name, proxy =>
        {
            var listen = listenGiven ?? proxy.Listen;
            var endPoint = listen == resolvedListen ? resolved : ResolveForUpdate(listen);
            var upstream = upstreamGiven ?? proxy.Upstream;
            var enabled = enabledGiven ?? proxy.Enabled;
            proxy.HalfClose = halfCloseGiven ?? proxy.HalfClose;
            if (proxy.Listen != NetAddress.Format(endPoint) || proxy.Upstream != upstream)
            {
                proxy.Stop();
                proxy.Listen = listen;
                proxy.Upstream = upstream;
            }

            if (enabled && !proxy.Enabled)
            {
                ProxyCollection.StartOrThrow(proxy, endPoint);
            }
            else if (!enabled)
            {
                proxy.Stop();
            }

            return Task.FromResult(ApiResponse.FromJson(200, ApiBodies.From(proxy), ApiJsonContext.Default.ProxyBody));
        }).ConfigureAwait(false);
    }

    /// <summary>DELETE /proxies/{proxy}: its byte counters stay in <c>/metrics</c>.</summary>
    public Task<ApiResponse> DeleteProxyAsync(string name) => WithProxyAsync(name, proxy =>
    {
        proxies.Remove(proxy);
        proxy.Stop();
        host.Log.Write(LogLevel.Info, "Deleted proxy", ("name", name));
        return Task.FromResult(ApiResponse.NoContent());
    });

    /// <summary>
    /// POST /reset: re-enable every proxy and remove all toxics, proxies in parallel, each under its own
    /// lock; never stops half-way (the first failure is answered after all proxies were reset).
    /// </summary>
    public async Task<ApiResponse> ResetAsync()
    {
        var all = proxies.All();
        var errors = await Task.WhenAll(all.Select(ResetOneAsync)).ConfigureAwait(false);
        var first = errors.FirstOrDefault(e => e is not null);
        return first is null ? ApiResponse.NoContent() : ApiErrors.ToResponse(first);
    }

    /// <summary>/metrics in Prometheus text format.</summary>
    public Task<ApiResponse> MetricsAsync() =>
        Task.FromResult(new ApiResponse(200, "text/plain; version=0.0.4; charset=utf-8", metrics.Write(host.Traffic, proxies.All())));

    /// <summary>A create's listen: the given address, or loopback port 0 when missing or empty.</summary>
    private static string ListenOrDefault(string? listen) =>
        string.IsNullOrEmpty(listen) ? ToxiproxyConstants.DefaultProxyListen : listen;

    /// <summary>An update resolves its listen without Go's <c>listen tcp:</c> prefix on errors.</summary>
    private static IPEndPoint ResolveForUpdate(string listen)
    {
        try
        {
            return NetAddress.Resolve(listen);
        }
        catch (AddressException e)
        {
            throw ApiErrors.Internal(e.Message);
        }
    }

    private async Task<ApiException?> ResetOneAsync(Proxy proxy)
    {
        IPEndPoint? endPoint = null;
        ApiException? error = null;
        try
        {
            endPoint = proxy.Enabled ? null : ProxyCollection.ResolveListen(proxy.Listen);
        }
        catch (ApiException e)
        {
            error = e;
        }

        await proxy.ApiLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (error is null && proxies.Contains(proxy))
            {
                try
                {
                    ProxyCollection.StartOrThrow(proxy, endPoint);
                }
                catch (ApiException e)
                {
                    error = e;
                }
            }

            await proxy.Toxics.RemoveAllAsync().ConfigureAwait(false);
        }
        finally
        {
            proxy.ApiLock.Release();
        }

        return error;
    }

    /// <summary>
    /// Runs <paramref name="change"/> under the named proxy's lock, on the instance that is in the
    /// collection once the lock is held (a concurrent delete gives 404, a delete-and-recreate the new one).
    /// </summary>
    private async Task<T> WithProxyAsync<T>(string name, Func<Proxy, Task<T>> change)
    {
        for (var attempt = 0; ; attempt++)
        {
            var proxy = proxies.Get(name);
            await proxy.ApiLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (proxies.Contains(proxy))
                {
                    return await change(proxy).ConfigureAwait(false);
                }

                if (attempt >= 2)
                {
                    throw ApiErrors.ProxyNotFound();
                }
            }
            finally
            {
                proxy.ApiLock.Release();
            }
        }
    }
}
