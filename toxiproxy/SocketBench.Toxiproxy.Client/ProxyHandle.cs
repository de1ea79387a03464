using System.Globalization;

namespace SocketBench.Toxiproxy.Client;

/// <summary>
/// One proxy on the server: its last known state plus the calls that change it. Every call refreshes
/// <see cref="Info"/> where the server returns the proxy.
/// </summary>
public sealed class ProxyHandle
{
    private readonly ToxiproxyClient client;

    internal ProxyHandle(ToxiproxyClient client, ProxyInfo info)
    {
        this.client = client;
        Info = info;
    }

    /// <summary>The last state the server reported.</summary>
    public ProxyInfo Info { get; private set; }

    /// <summary>Proxy name.</summary>
    public string Name => Info.Name;

    /// <summary>Listen address as reported (<c>127.0.0.1:41234</c> while enabled).</summary>
    public string Listen => Info.Listen;

    /// <summary>The port clients connect to (parsed from <see cref="Listen"/>).</summary>
    public int ListenPort => int.Parse(Listen[(Listen.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>The host part of <see cref="Listen"/>, brackets removed (<c>[::]</c> becomes <c>::</c>).</summary>
    public string ListenHost => Listen[..Listen.LastIndexOf(':')].Trim('[', ']');

    /// <summary>True while listening.</summary>
    public bool Enabled => Info.Enabled;

    /// <summary>POST /proxies/{name}/toxics.</summary>
    public async Task<ToxicInfo> AddToxicAsync(ToxicSpec toxic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toxic);
        var content = ToxiproxyClient.Json(toxic.ToRequest(forUpdate: false), ClientJsonContext.Default.ToxicRequest);
        return (await client.SendAsync(HttpMethod.Post, ToxicsPath, content, ClientJsonContext.Default.ToxicInfo, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// PATCH /proxies/{name}/toxics/{toxic}: sends only what <paramref name="changes"/> sets. Unset attributes
    /// and an unset <see cref="ToxicSpec.Toxicity"/> keep their current values; name, type and stream are
    /// never sent (a toxic keeps them). <c>new LatencyToxic { JitterMilliseconds = 5 }</c> changes the jitter only.
    /// </summary>
    public async Task<ToxicInfo> UpdateToxicAsync(string name, ToxicSpec changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var content = ToxiproxyClient.Json(changes.ToRequest(forUpdate: true), ClientJsonContext.Default.ToxicRequest);
        return (await client.SendAsync(HttpMethod.Patch, ToxicPath(name), content, ClientJsonContext.Default.ToxicInfo, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>GET /proxies/{name}/toxics/{toxic}; <see cref="ToxicInfo.As{T}"/> reads it typed.</summary>
    public async Task<ToxicInfo> GetToxicAsync(string name, CancellationToken cancellationToken = default) =>
        (await client.SendAsync(HttpMethod.Get, ToxicPath(name), null, ClientJsonContext.Default.ToxicInfo, cancellationToken).ConfigureAwait(false))!;

    /// <summary>DELETE /proxies/{name}/toxics/{toxic}.</summary>
    public Task RemoveToxicAsync(string name, CancellationToken cancellationToken = default) =>
        client.SendTextAsync(HttpMethod.Delete, ToxicPath(name), null, cancellationToken);

    /// <summary>GET /proxies/{name}/toxics.</summary>
    public async Task<IReadOnlyList<ToxicInfo>> GetToxicsAsync(CancellationToken cancellationToken = default) =>
        await client.SendAsync(HttpMethod.Get, ToxicsPath, null, ClientJsonContext.Default.ListToxicInfo, cancellationToken).ConfigureAwait(false) ?? [];

    /// <summary>PATCH <c>{"enabled":true}</c>: starts listening again (new connects succeed).</summary>
    public Task EnableAsync(CancellationToken cancellationToken = default) => UpdateAsync(new ProxyRequest { Enabled = true }, cancellationToken);

    /// <summary>PATCH <c>{"enabled":false}</c>: stops listening and closes every connection ("down").</summary>
    public Task DisableAsync(CancellationToken cancellationToken = default) => UpdateAsync(new ProxyRequest { Enabled = false }, cancellationToken);

    /// <summary>PATCH the upstream and/or listen address; a null one is not sent (kept). Connections drop if either differs.</summary>
    public Task SetAddressesAsync(UpstreamAddress? upstream = null, ListenAddress? listen = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(new ProxyRequest { Upstream = upstream?.Require(), Listen = listen?.Require() }, cancellationToken);

    /// <summary>
    /// PATCH <c>{"half_close":…}</c> (our server's extension): false makes a client's half-close end the whole
    /// connection as in Toxiproxy; true passes it through (the default). Applies to connections made after it.
    /// </summary>
    public Task SetHalfCloseAsync(bool passThrough, CancellationToken cancellationToken = default) =>
        UpdateAsync(new ProxyRequest { HalfClose = passThrough }, cancellationToken);

    /// <summary>A scope that, when disposed, removes this proxy's toxics and enables it (<see cref="ResetAsync"/>).</summary>
    public ToxiproxyResetScope ResetOnDispose() => new(ResetAsync);

    /// <summary>Removes this proxy's toxics and enables it (a per-proxy <c>/reset</c>).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        foreach (var toxic in await GetToxicsAsync(cancellationToken).ConfigureAwait(false))
        {
            await RemoveToxicAsync(toxic.Name, cancellationToken).ConfigureAwait(false);
        }

        await EnableAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET /proxies/{name} into <see cref="Info"/>.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default) =>
        Info = (await client.SendAsync(HttpMethod.Get, ProxyPath, null, ClientJsonContext.Default.ProxyInfo, cancellationToken).ConfigureAwait(false))!;

    /// <summary>DELETE /proxies/{name}.</summary>
    public Task DeleteAsync(CancellationToken cancellationToken = default) => client.DeleteProxyAsync(Name, cancellationToken);

    private string ProxyPath => ToxiproxyClient.ProxyPath(Name);

    private string ToxicsPath => ProxyPath + "/toxics";

    private string ToxicPath(string toxic) => ToxicsPath + "/" + Uri.EscapeDataString(toxic);

    /// <summary>PATCH /proxies/{name} with only the fields set (the real server logs POST as deprecated).</summary>
    private async Task UpdateAsync(ProxyRequest body, CancellationToken cancellationToken)
    {
        var content = ToxiproxyClient.Json(body, ClientJsonContext.Default.ProxyRequest);
        Info = (await client.SendAsync(HttpMethod.Patch, ProxyPath, content, ClientJsonContext.Default.ProxyInfo, cancellationToken).ConfigureAwait(false))!;
    }
}
