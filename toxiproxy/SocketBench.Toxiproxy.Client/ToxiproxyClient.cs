using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SocketBench.Toxiproxy.Client;

/// <summary>
/// Typed async client for any Toxiproxy-compatible API (ours or Shopify's).
/// <code>
///   using var client = ToxiproxyClient.FromEnvironment();            // TOXIPROXY_URL or http://localhost:8474
///   var proxy = await client.CreateProxyAsync("redis", upstream: "127.0.0.1:6379", listen: ListenAddress.Loopback(26379));
///   await proxy.AddToxicAsync(new LatencyToxic { LatencyMilliseconds = 100 });
///   await proxy.UpdateToxicAsync("latency_downstream", new LatencyToxic { JitterMilliseconds = 10 });   // PATCH: latency kept
///   // connect to proxy.ListenPort ...
///   await proxy.DeleteAsync();
/// </code>
/// </summary>
public sealed class ToxiproxyClient : IDisposable
{
    /// <summary>Environment variable naming the API URL.</summary>
    public const string UrlVariable = "TOXIPROXY_URL";

    /// <summary>Toxiproxy's default API URL.</summary>
    public static readonly Uri DefaultUrl = new("http://localhost:8474");

    private readonly HttpClient http;
    private readonly bool ownsHttp;

    /// <summary>Creates a client for <paramref name="baseAddress"/>; <paramref name="http"/> is optional.</summary>
    public ToxiproxyClient(Uri baseAddress, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = baseAddress;
        ownsHttp = http is null;
        this.http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The API base URL.</summary>
    public Uri BaseAddress { get; }

    /// <summary>User-Agent sent with every request (Toxiproxy answers 403 to one starting with <c>Mozilla/</c>).</summary>
    /// <value>Default <c>socketbench-toxiproxy-client/1.0</c>.</value>
    public string UserAgent { get; init; } = "socketbench-toxiproxy-client/1.0";

    /// <summary>A client for <c>TOXIPROXY_URL</c> (scheme optional, as the CLI), else <paramref name="fallback"/> or the default.</summary>
    public static ToxiproxyClient FromEnvironment(Uri? fallback = null)
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        return new ToxiproxyClient(ParseUrl(url) ?? fallback ?? DefaultUrl);
    }

    /// <summary>Parses an API URL, adding <c>http://</c> when no scheme is given; null for empty input.</summary>
    public static Uri? ParseUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        url = url.Trim();
        return new Uri(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url);
    }

    /// <summary>GET /version (the raw version string).</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var text = await SendTextAsync(HttpMethod.Get, "version", null, cancellationToken).ConfigureAwait(false);
        var parsed = JsonSerializer.Deserialize(text, ClientJsonContext.Default.VersionResponse);
        return parsed?.Version ?? text.Trim();
    }

    /// <summary>GET /proxies.</summary>
    public async Task<IReadOnlyDictionary<string, ProxyInfo>> GetProxiesAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, "proxies", null, ClientJsonContext.Default.DictionaryStringProxyInfo, cancellationToken)
            .ConfigureAwait(false) ?? [];

    /// <summary>
    /// POST /proxies. The addresses are typed so they cannot be swapped: <paramref name="upstream"/> takes a
    /// string, <paramref name="listen"/> only a <see cref="ListenAddress"/> (default
    /// <see cref="ListenAddress.LoopbackAnyPort"/>). <paramref name="enabled"/> false creates it without listening.
    /// </summary>
    public async Task<ProxyHandle> CreateProxyAsync(
        string name, UpstreamAddress upstream, ListenAddress? listen = null, bool enabled = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var body = new ProxyRequest
        {
            Name = name,
            Upstream = upstream.Require(),
            Listen = (listen ?? ListenAddress.LoopbackAnyPort).Require(),
            Enabled = enabled,
        };
        var info = await SendAsync(HttpMethod.Post, "proxies", Json(body, ClientJsonContext.Default.ProxyRequest), ClientJsonContext.Default.ProxyInfo, cancellationToken)
            .ConfigureAwait(false);
        return new ProxyHandle(this, info!);
    }

    /// <summary>GET /proxies/{name}.</summary>
    public async Task<ProxyHandle> GetProxyAsync(string name, CancellationToken cancellationToken = default)
    {
        var info = await SendAsync(HttpMethod.Get, ProxyPath(name), null, ClientJsonContext.Default.ProxyInfo, cancellationToken).ConfigureAwait(false);
        return new ProxyHandle(this, info!);
    }

    /// <summary>
    /// POST /populate: create or replace proxies in one call (Toxiproxy's <c>-config</c>). A definition with
    /// <see cref="ProxyDefinition.Enabled"/> false is created without listening; toxics are our server's extension.
    /// </summary>
    public async Task<IReadOnlyList<ProxyInfo>> PopulateAsync(IEnumerable<ProxyDefinition> proxies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        var body = proxies.Select(p => p.ToRequest()).ToList();
        var response = await SendAsync(HttpMethod.Post, "populate", Json(body, ClientJsonContext.Default.ListProxyRequest), ClientJsonContext.Default.PopulateResponse, cancellationToken)
            .ConfigureAwait(false);
        return response?.Proxies ?? [];
    }

    /// <summary>POST /reset: enable every proxy and remove every toxic.</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) =>
        SendTextAsync(HttpMethod.Post, "reset", null, cancellationToken);

    /// <summary>A scope that POSTs /reset when disposed (every proxy enabled, every toxic removed).</summary>
    public ToxiproxyResetScope ResetOnDispose() => new(ResetAsync);

    /// <summary>DELETE /proxies/{name}.</summary>
    public Task DeleteProxyAsync(string name, CancellationToken cancellationToken = default) =>
        SendTextAsync(HttpMethod.Delete, ProxyPath(name), null, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }

    internal static string ProxyPath(string name) => "proxies/" + Uri.EscapeDataString(name);

    internal static StringContent Json<T>(T value, JsonTypeInfo<T> info)
    {
        var content = new StringContent(JsonSerializer.Serialize(value, info));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    internal async Task<T?> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> info, CancellationToken cancellationToken)
    {
        var text = await SendTextAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(text, info);
    }

    internal async Task<string> SendTextAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path)) { Content = content };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ToxiproxyApiException(response.StatusCode, ErrorMessage(text, response.StatusCode));
        }

        return text;
    }

    private static string ErrorMessage(string body, HttpStatusCode status)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ClientJsonContext.Default.ErrorResponse)?.Error ?? body.Trim();
        }
        catch (JsonException)
        {
            return body.Length > 0 ? body.Trim() : status.ToString();
        }
    }
}
