using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Logging;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>An in-process server on API port 0 plus a typed client, one per test.</summary>
internal sealed class TestToxiproxy : IAsyncDisposable
{
    private TestToxiproxy(ToxiproxyServer server)
    {
        Server = server;
        Client = new ToxiproxyClient(server.ApiUrl);
        Http = new HttpClient { BaseAddress = server.ApiUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ToxiproxyServer Server { get; }

    public ToxiproxyClient Client { get; }

    public HttpClient Http { get; }

    public static async Task<TestToxiproxy> StartAsync(Action<ToxiproxyOptions>? configure = null)
    {
        var options = new ToxiproxyOptions { Host = "127.0.0.1", Port = 0, Log = ToxiproxyLog.Null, Seed = 42 };
        configure?.Invoke(options);
        var server = new ToxiproxyServer(options);
        await server.StartAsync();
        return new TestToxiproxy(server);
    }

    /// <summary>Sends a raw request and returns status, content type, body and the response.</summary>
    public async Task<Reply> SendAsync(string method, string path, string? body = null, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), text, headers);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Server.StopAsync();
    }
}
