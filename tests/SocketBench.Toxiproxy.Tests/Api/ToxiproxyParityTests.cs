using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SocketBench.Toxiproxy.Logging;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Api;

/// <summary>
/// Toxiproxy's own test list at API level (reference section 5: TestProxyDiffers,
/// TestRestartFailedToStartProxy, TestStopProxyBeforeStarting, TestPopulateDisabledProxy, the client's
/// headers), PATCH as the preferred update, and our loopback default for a proxy without <c>listen</c>.
/// </summary>
[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ToxiproxyParityTests
{
    private static string Listen(Reply reply) => JsonDocument.Parse(reply.Body).RootElement.GetProperty("listen").GetString()!;

    [TestCase("""{"name":"p","upstream":"127.0.0.1:1"}""")]
    [TestCase("""{"name":"p","upstream":"127.0.0.1:1","listen":""}""")]
    [TestCase("""{"name":"p","upstream":"127.0.0.1:1","listen":null}""")]
    public async Task CreateProxy_WithoutListen_BindsLoopbackNotEveryInterface(string body)
    {
        // Toxiproxy binds [::]:P here: with unvalidated upstreams that is an open relay for anyone who reaches the API.
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("POST", "/proxies", body);
        Assert.That(reply.Status, Is.EqualTo(201));
        Assert.That(Listen(reply), Does.Match(@"^127\.0\.0\.1:[1-9]\d*$"));
    }

    [Test]
    public async Task Populate_WithoutListen_BindsLoopback()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("POST", "/populate", """[{"name":"p","upstream":"127.0.0.1:1"}]""");
        Assert.That(reply.Status, Is.EqualTo(201));
        Assert.That(JsonDocument.Parse(reply.Body).RootElement.GetProperty("proxies")[0].GetProperty("listen").GetString(), Does.Match(@"^127\.0\.0\.1:[1-9]\d*$"));
    }

    [Test]
    public async Task CreateProxy_ExplicitEveryInterface_StillAllowed()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("POST", "/proxies", """{"name":"p","upstream":"127.0.0.1:1","listen":"0.0.0.0:0"}""");
        Assert.That(Listen(reply), Does.Match(@"^\[::\]:[1-9]\d*$"), "asked for explicitly, as Toxiproxy reports it");
    }

    [Test]
    public async Task UpdateProxy_SameAddressSpelledLocalhost_LiveConnectionKept()
    {
        // TestProxyDiffers: localhost:P and 127.0.0.1:P are the same address, so nothing restarts.
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("p", echo.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        await client.SendAsync("one"u8.ToArray());
        Assert.That(await client.ReadExactlyAsync(3), Is.EqualTo("one"u8.ToArray()));

        var reply = await tp.SendAsync("PATCH", "/proxies/p", $$"""{"listen":"localhost:{{proxy.ListenPort}}","upstream":"{{echo.Address}}"}""");
        Assert.That(reply.Status, Is.EqualTo(200));
        Assert.That(Listen(reply), Is.EqualTo(proxy.Listen));
        await client.SendAsync("two"u8.ToArray());
        Assert.That(await client.ReadExactlyAsync(3).Within(TimeSpan.FromSeconds(5), "echo on the kept connection"), Is.EqualTo("two"u8.ToArray()));
    }

    [Test]
    public async Task EnableProxy_FailedOnConflict_StartsOnceConflictIsGone()
    {
        // TestRestartFailedToStartProxy.
        await using var tp = await TestToxiproxy.StartAsync();
        var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        blocker.Listen();
        var port = ((IPEndPoint)blocker.LocalEndPoint!).Port;
        await tp.SendAsync("POST", "/proxies", $$"""{"name":"p","upstream":"127.0.0.1:1","listen":"127.0.0.1:{{port}}","enabled":false}""");
        var failed = await tp.SendAsync("PATCH", "/proxies/p", """{"enabled":true}""");
        Assert.That(failed.Status, Is.EqualTo(500));
        Assert.That(failed.Body, Does.Contain($"listen tcp 127.0.0.1:{port}: bind: address already in use"));
        Assert.That((await tp.Client.GetProxyAsync("p")).Enabled, Is.False, "a failed start leaves the proxy disabled");

        blocker.Dispose();
        var started = await tp.SendAsync("PATCH", "/proxies/p", """{"enabled":true}""");
        Assert.That(started.Status, Is.EqualTo(200));
        Assert.That(Listen(started), Is.EqualTo($"127.0.0.1:{port}"));
        Assert.That(await Sockets.IsListeningAsync(port), Is.True);
    }

    [Test]
    public async Task DisableProxy_NeverStarted_200AndStillStartable()
    {
        // TestStopProxyBeforeStarting.
        await using var tp = await TestToxiproxy.StartAsync();
        var port = Sockets.FreePort();
        await tp.SendAsync("POST", "/proxies", $$"""{"name":"p","upstream":"127.0.0.1:1","listen":"127.0.0.1:{{port}}","enabled":false}""");
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await tp.SendAsync("PATCH", "/proxies/p", """{"enabled":false}""")).Status, Is.EqualTo(200));
        }

        Assert.That(await Sockets.IsListeningAsync(port), Is.False);
        Assert.That((await tp.SendAsync("PATCH", "/proxies/p", """{"enabled":true}""")).Status, Is.EqualTo(200));
        Assert.That(await Sockets.IsListeningAsync(port), Is.True);
    }

    [Test]
    public async Task Populate_DisabledProxy_PortRefusesConnections()
    {
        // TestPopulateDisabledProxy.
        await using var tp = await TestToxiproxy.StartAsync();
        var port = Sockets.FreePort();
        var reply = await tp.SendAsync("POST", "/populate", $$"""[{"name":"off","listen":"127.0.0.1:{{port}}","upstream":"127.0.0.1:1","enabled":false}]""");
        Assert.That(reply.Status, Is.EqualTo(201));
        Assert.That(await Sockets.IsListeningAsync(port), Is.False, "a disabled entry's port refuses connections");
        Assert.That((await tp.SendAsync("PATCH", "/proxies/off", """{"enabled":true}""")).Status, Is.EqualTo(200));
        Assert.That(await Sockets.IsListeningAsync(port), Is.True);
    }

    [Test]
    public async Task UpdateProxy_PatchPreferred_PostSameResultButLoggedDeprecated()
    {
        var log = new StringWriter();
        await using var tp = await TestToxiproxy.StartAsync(o => o.Log = new ToxiproxyLog(TextWriter.Synchronized(log), LogLevel.Warn));
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        var patched = await tp.SendAsync("PATCH", "/proxies/p", """{"upstream":"127.0.0.1:2"}""");
        Assert.That(log.ToString(), Does.Not.Contain("deprecated").IgnoreCase.And.Not.Contain("depercated"));
        var posted = await tp.SendAsync("POST", "/proxies/p", """{"upstream":"127.0.0.1:3"}""");
        Assert.That(patched.Status, Is.EqualTo(200));
        Assert.That(posted.Status, Is.EqualTo(200));
        Assert.That(posted.Body, Is.EqualTo(patched.Body.Replace("127.0.0.1:2", "127.0.0.1:3", StringComparison.Ordinal)));
        Assert.That(log.ToString(), Does.Contain("ProxyUpdate: HTTP method POST is depercated. Use HTTP PATCH instead."), "Toxiproxy's warning, typo included");
    }

    [Test]
    public async Task UpdateToxic_Patch_OnlyGivenFieldsChange()
    {
        var log = new StringWriter();
        await using var tp = await TestToxiproxy.StartAsync(o => o.Log = new ToxiproxyLog(TextWriter.Synchronized(log), LogLevel.Warn));
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        await tp.SendAsync("POST", "/proxies/p/toxics", """{"name":"l","type":"latency","toxicity":0.5,"attributes":{"latency":100,"jitter":7}}""");

        var toxicity = await tp.SendAsync("PATCH", "/proxies/p/toxics/l", """{"toxicity":0.25}""");
        Assert.That(toxicity.Body, Is.EqualTo("""{"attributes":{"latency":100,"jitter":7},"name":"l","type":"latency","stream":"downstream","toxicity":0.25}"""));
        var jitter = await tp.SendAsync("PATCH", "/proxies/p/toxics/l", """{"attributes":{"jitter":3}}""");
        Assert.That(jitter.Body, Is.EqualTo("""{"attributes":{"latency":100,"jitter":3},"name":"l","type":"latency","stream":"downstream","toxicity":0.25}"""));
        Assert.That(log.ToString(), Does.Not.Contain("depercated"));
        await tp.SendAsync("POST", "/proxies/p/toxics/l", """{"attributes":{"jitter":4}}""");
        Assert.That(log.ToString(), Does.Contain("ToxicUpdate: HTTP method POST is depercated. Use HTTP PATCH instead."));
    }

    [TestCase("toxiproxy-cli/2.12.0 (linux/amd64)")]
    [TestCase("toxiproxy-node-client")]
    [TestCase("mozilla/5.0")]
    [TestCase(null)]
    public async Task Headers_ClientUserAgentsAndJsonContentTypeOnGet_Accepted(string? userAgent)
    {
        // Toxiproxy.Net sends Content-Type: application/json on every request, GETs included, and no User-Agent;
        // the CLI sends its own; the browser check is a case-sensitive "Mozilla/" prefix.
        await using var tp = await TestToxiproxy.StartAsync();
        using var socket = await RawHttp.ConnectAsync(tp.Server);
        var ua = userAgent is null ? string.Empty : $"User-Agent: {userAgent}\r\n";
        await socket.SendTextAsync($"GET /proxies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{ua}Connection: close\r\n\r\n");
        var response = await socket.ReadUntilCloseAsync(TimeSpan.FromSeconds(10));
        Assert.That(RawHttp.StatusLine(response), Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(response, Does.Match(@"X-Toxiproxy-Request-Id: [0-9a-v]{20}\r\n"));
        Assert.That(response, Does.Contain("Content-Type: application/json\r\n"));
    }

    [Test]
    public async Task Headers_BrowserPost_403AndNothingCreated_UnmatchedPathStill404()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("POST", "/proxies", """{"name":"p","upstream":"127.0.0.1:1"}""", userAgent: "Mozilla/5.0 (X11; Linux x86_64)");
        Assert.That(reply.Status, Is.EqualTo(403));
        Assert.That((await tp.SendAsync("GET", "/proxies")).Body, Is.EqualTo("{}"));
        Assert.That((await tp.SendAsync("GET", "/nowhere", userAgent: "Mozilla/5.0")).Status, Is.EqualTo(404), "the check runs on matched routes only");
    }

    [Test]
    public async Task Headers_RequestId_DiffersPerRequest()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var first = (await tp.SendAsync("GET", "/version")).Headers["X-Toxiproxy-Request-Id"];
        var second = (await tp.SendAsync("GET", "/version")).Headers["X-Toxiproxy-Request-Id"];
        Assert.That(second, Is.Not.EqualTo(first));
    }
}
