using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Api;

/// <summary>Routing and middleware: 404/405 shapes, User-Agent check, request id, version.</summary>
[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ApiRouterTests
{
    [Test]
    public async Task Version_Get_ExactHandWrittenBodyAndRequestId()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("GET", "/version");
        Assert.Multiple(() =>
        {
            Assert.That(reply.Status, Is.EqualTo(200));
            Assert.That(reply.Body, Is.EqualTo("{\"version\": \"2.12.0-socketbench\"}\n"));
            Assert.That(reply.ContentType, Is.EqualTo("application/json; charset=utf-8").Or.EqualTo("application/json;charset=utf-8"));
            Assert.That(reply.Headers["X-Toxiproxy-Request-Id"], Has.Length.EqualTo(20));
        });
    }

    [TestCase("/proxies/")]
    [TestCase("/nothing")]
    [TestCase("/proxies/p/toxics/t/extra")]
    public async Task UnmatchedPath_404PlainTextWithoutRequestId(string path)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("GET", path);
        Assert.That(reply.Status, Is.EqualTo(404));
        Assert.That(reply.Body, Is.EqualTo("404 page not found\n"));
        Assert.That(reply.Headers.ContainsKey("X-Toxiproxy-Request-Id"), Is.False);
    }

    [TestCase("PUT", "/proxies")]
    [TestCase("DELETE", "/reset")]
    [TestCase("POST", "/version")]
    [TestCase("PUT", "/proxies/p/toxics")]
    public async Task KnownPathWrongMethod_405EmptyBody(string method, string path)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync(method, path);
        Assert.That(reply.Status, Is.EqualTo(405));
        Assert.That(reply.Body, Is.Empty);
        Assert.That(reply.Headers.ContainsKey("X-Toxiproxy-Request-Id"), Is.False);
    }

    [Test]
    public async Task UserAgent_Mozilla_403()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("GET", "/proxies", userAgent: "Mozilla/5.0 (X11)");
        Assert.That(reply.Status, Is.EqualTo(403));
        Assert.That(reply.Body, Is.EqualTo("User agent not allowed\n"));
        Assert.That((await tp.SendAsync("GET", "/proxies", userAgent: "Wget/1.21")).Status, Is.EqualTo(200));
    }

    [Test]
    public async Task Metrics_NotEnabled_404()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        Assert.That((await tp.SendAsync("GET", "/metrics")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task Metrics_ProxyMetrics_CountsHello()
    {
        await using var tp = await TestToxiproxy.StartAsync(o => o.ProxyMetrics = true);
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("m", upstream.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await client.SendAsync("hello"u8.ToArray());
        await server.ReadExactlyAsync(5);
        var labels = $"direction=\"upstream\",listener=\"{proxy.Listen}\",proxy=\"m\",upstream=\"{upstream.Address}\"";
        await Eventually.UntilAsync(async () =>
        {
            var body = (await tp.SendAsync("GET", "/metrics")).Body;
            return body.Contains($"toxiproxy_proxy_received_bytes_total{{{labels}}} 5", StringComparison.Ordinal)
                && body.Contains($"toxiproxy_proxy_sent_bytes_total{{{labels}}} 5", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(3), "both counters read 5 for the live link");
    }

    [Test]
    public async Task KeepAlive_ManyRequestsOnOneConnection_AllAnswered()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        for (var i = 0; i < 50; i++)
        {
            Assert.That((await tp.SendAsync("GET", "/proxies")).Status, Is.EqualTo(200));
        }
    }
}
