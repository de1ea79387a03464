using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Api;

/// <summary>Proxy endpoints: create, list, get, update, delete, populate, reset.</summary>
[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ProxyApiTests
{
    [Test]
    public async Task ListProxies_None_EmptyObject()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("GET", "/proxies");
        Assert.That(reply.Body, Is.EqualTo("{}"));
        Assert.That(reply.ContentType, Is.EqualTo("application/json"));
    }

    [Test]
    public async Task CreateProxy_PortZero_201WithResolvedListenAndExactShape()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("POST", "/proxies", """{"name":"p1","listen":"localhost:0","upstream":"127.0.0.1:19999"}""");
        Assert.That(reply.Status, Is.EqualTo(201));
        using var doc = JsonDocument.Parse(reply.Body);
        var listen = doc.RootElement.GetProperty("listen").GetString()!;
        Assert.That(listen, Does.Match(@"^127\.0\.0\.1:\d+$").And.Not.EndsWith(":0"));
        Assert.That(reply.Body, Is.EqualTo($$"""{"name":"p1","listen":"{{listen}}","upstream":"127.0.0.1:19999","enabled":true,"Logger":{},"toxics":[]}"""));
        Assert.That((await tp.SendAsync("GET", "/proxies/p1")).Body, Is.EqualTo(reply.Body));
        Assert.That((await tp.SendAsync("GET", "/proxies")).Body, Is.EqualTo($$"""{"p1":{{reply.Body}}}"""));
    }

    [Test]
    public async Task CreateProxy_ToxiproxyNetPascalCase_Accepted()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("POST", "/proxies", """{"Name":"testingProxy","Enabled":true,"Listen":"127.0.0.1:0","Upstream":"google.com","toxics":[{"type":"latency"}],"extra":1}""");
        Assert.That(reply.Status, Is.EqualTo(201));
        var proxy = await tp.Client.GetProxyAsync("testingProxy");
        Assert.Multiple(() =>
        {
            Assert.That(proxy.Upstream(), Is.EqualTo("google.com"), "upstream is never validated");
            Assert.That(proxy.Enabled, Is.True);
            Assert.That(proxy.Info.Toxics, Is.Empty, "toxics in a proxy body are ignored, as Toxiproxy does");
        });
    }

    [Test]
    public async Task CreateProxy_Disabled_KeepsLiteralListenUntilEnabled()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var port = Sockets.FreePort();
        var reply = await tp.SendAsync("POST", "/proxies", $$"""{"Name":"p","Listen":"localhost:{{port}}","Upstream":"127.0.0.1:1","Enabled":false}""");
        Assert.That(reply.Status, Is.EqualTo(201));
        var proxy = await tp.Client.GetProxyAsync("p");
        Assert.That(proxy.Listen, Is.EqualTo($"localhost:{port}"));
        Assert.That(await Sockets.IsListeningAsync(port), Is.False);

        await proxy.EnableAsync();
        Assert.That(proxy.Listen, Is.EqualTo($"127.0.0.1:{port}"));
        Assert.That(await Sockets.IsListeningAsync(port), Is.True);

        await proxy.DisableAsync();
        Assert.That(proxy.Listen, Is.EqualTo($"127.0.0.1:{port}"), "disabling without a new listen keeps the resolved value");
        Assert.That(await Sockets.IsListeningAsync(port), Is.False);
    }

    [Test]
    public async Task UpdateProxy_DisableWithNewListen_StoresLiteral()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        var reply = await tp.SendAsync("POST", "/proxies/p", """{"Name":"p","Listen":"localhost:55555","Upstream":"127.0.0.1:1","Enabled":false}""");
        Assert.That(reply.Status, Is.EqualTo(200));
        Assert.That(JsonDocument.Parse(reply.Body).RootElement.GetProperty("listen").GetString(), Is.EqualTo("localhost:55555"));
    }

    [Test]
    public async Task UpdateProxy_PatchUpstream_AppliesAndKeepsOtherFields()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        var reply = await tp.SendAsync("PATCH", "/proxies/p", """{"upstream":"127.0.0.1:2","name":"ignored"}""");
        Assert.That(reply.Status, Is.EqualTo(200));
        await proxy.RefreshAsync();
        Assert.That(proxy.Name, Is.EqualTo("p"));
        Assert.That(proxy.Info.Upstream, Is.EqualTo("127.0.0.1:2"));
        Assert.That(proxy.Enabled, Is.True);
    }

    [Test]
    public async Task UpdateProxy_NullFields_KeepCurrentValues()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        var reply = await tp.SendAsync("POST", "/proxies/p", """{"Listen":null,"Upstream":null,"Enabled":null}""");
        Assert.That(reply.Status, Is.EqualTo(200));
        await proxy.RefreshAsync();
        Assert.That(proxy.Info.Upstream, Is.EqualTo("127.0.0.1:1"));
        Assert.That(proxy.Enabled, Is.True);
    }

    [Test]
    public async Task DeleteProxy_Twice_204Then404()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        Assert.That((await tp.SendAsync("DELETE", "/proxies/p")).Status, Is.EqualTo(204));
        var error = Assert.ThrowsAsync<ToxiproxyApiException>(() => tp.Client.DeleteProxyAsync("p"));
        Assert.That(error!.Message, Is.EqualTo("HTTP 404: proxy not found"));
    }

    [Test]
    public async Task Populate_CreatesInOrderEnabledByDefault()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("POST", "/populate",
            """[{"name":"one","listen":"localhost:0","upstream":"127.0.0.1:1"},{"name":"two","listen":"localhost:0","upstream":"127.0.0.1:2","enabled":false}]""");
        Assert.That(reply.Status, Is.EqualTo(201));
        using var doc = JsonDocument.Parse(reply.Body);
        var proxies = doc.RootElement.GetProperty("proxies").EnumerateArray().ToList();
        Assert.That(proxies.Select(p => p.GetProperty("name").GetString()), Is.EqualTo(new[] { "one", "two" }));
        Assert.That(proxies[0].GetProperty("enabled").GetBoolean(), Is.True);
        Assert.That(proxies[1].GetProperty("enabled").GetBoolean(), Is.False);
        Assert.That(proxies[1].GetProperty("listen").GetString(), Is.EqualTo("localhost:0"), "disabled entries are not listening");
    }

    [Test]
    public async Task Populate_Empty_201WithNullProxies()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("POST", "/populate", "[]");
        Assert.That(reply.Status, Is.EqualTo(201));
        Assert.That(reply.Body, Is.EqualTo("""{"proxies":null}"""));
    }

    [Test]
    public async Task Populate_UnchangedExisting_KeepsToxicsAndResolvesLocalhost()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var port = Sockets.FreePort();
        var proxy = await tp.Client.CreateProxyAsync("keep", "127.0.0.1:1", new ListenAddress($"localhost:{port}"));
        await proxy.AddToxicAsync(new LatencyToxic { LatencyMilliseconds = 5 });
        var reply = await tp.SendAsync("POST", "/populate", $$"""[{"name":"keep","listen":"localhost:{{port}}","upstream":"127.0.0.1:1"}]""");
        Assert.That(reply.Status, Is.EqualTo(201));
        var kept = JsonDocument.Parse(reply.Body).RootElement.GetProperty("proxies")[0];
        Assert.That(kept.GetProperty("listen").GetString(), Is.EqualTo($"127.0.0.1:{port}"));
        Assert.That(kept.GetProperty("toxics").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Populate_ChangedUpstream_ReplacesWithFreshProxy()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("swap", "127.0.0.1:1");
        await proxy.AddToxicAsync(new LatencyToxic { LatencyMilliseconds = 5 });
        var reply = await tp.SendAsync("POST", "/populate", $$"""[{"name":"swap","listen":"{{proxy.Listen}}","upstream":"127.0.0.1:2"}]""");
        Assert.That(reply.Status, Is.EqualTo(201));
        var fresh = JsonDocument.Parse(reply.Body).RootElement.GetProperty("proxies")[0];
        Assert.That(fresh.GetProperty("upstream").GetString(), Is.EqualTo("127.0.0.1:2"));
        Assert.That(fresh.GetProperty("toxics").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Populate_BadListenInItem2_500KeepsItem1()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("POST", "/populate",
            """[{"name":"one","listen":"127.0.0.1:0","upstream":"127.0.0.1:1"},{"name":"two","listen":"bad","upstream":"127.0.0.1:1"},{"name":"three","listen":"127.0.0.1:0","upstream":"127.0.0.1:1"}]""");
        Assert.That(reply.Status, Is.EqualTo(500));
        using var doc = JsonDocument.Parse(reply.Body);
        Assert.That(doc.RootElement.GetProperty("error").GetString(), Is.EqualTo("listen tcp: address bad: missing port in address"));
        Assert.That(doc.RootElement.GetProperty("proxies").EnumerateArray().Select(p => p.GetProperty("name").GetString()), Is.EqualTo(new[] { "one" }));
        Assert.That((await tp.Client.GetProxiesAsync()).Keys, Is.EqualTo(new[] { "one" }));
    }

    [Test]
    public async Task Populate_WithToxics_CreatedBeforeFirstConnection()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var reply = await tp.SendAsync("POST", "/populate", $$$"""
            [{"name":"atomic","listen":"127.0.0.1:0","upstream":"{{{upstream.Address}}}",
              "toxics":[{"type":"limit_data","stream":"upstream","attributes":{"bytes":3}}]}]
            """);
        Assert.That(reply.Status, Is.EqualTo(201), reply.Body);
        var proxy = await tp.Client.GetProxyAsync("atomic");
        Assert.That(proxy.Info.Toxics.Single().Name, Is.EqualTo("limit_data_upstream"));
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await client.SendAsync("abcdef"u8.ToArray());
        Assert.That(await server.ReadToEndAsync().Within(TimeSpan.FromSeconds(3), "cut"), Is.EqualTo("abc"u8.ToArray()));
    }

    [Test]
    public async Task Populate_InvalidToxic_400NothingCreated()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("POST", "/populate",
            """[{"name":"a","listen":"127.0.0.1:0","upstream":"127.0.0.1:1","toxics":[{"type":"slicer"}]}]""");
        Assert.That(reply.Status, Is.EqualTo(400));
        Assert.That((await tp.SendAsync("GET", "/proxies")).Body, Is.EqualTo("{}"));
    }

    [Test]
    public async Task Reset_DisabledProxyWithToxics_ReenabledAndCleared()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        await proxy.AddToxicAsync(new LatencyToxic { LatencyMilliseconds = 5 });
        await proxy.DisableAsync();
        Assert.That((await tp.SendAsync("POST", "/reset")).Status, Is.EqualTo(204));
        await proxy.RefreshAsync();
        Assert.That(proxy.Enabled, Is.True);
        Assert.That(proxy.Info.Toxics, Is.Empty);
    }

    [Test]
    public async Task Reset_OneProxyCannotStart_StillResetsTheRest()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        blocker.Listen();
        var taken = ((IPEndPoint)blocker.LocalEndPoint!).Port;
        using (blocker)
        {
            await tp.SendAsync("POST", "/proxies", $$"""{"name":"a-blocked","listen":"127.0.0.1:{{taken}}","upstream":"127.0.0.1:1","enabled":false}""");
            var b = await tp.Client.CreateProxyAsync("b", "127.0.0.1:1");
            await b.AddToxicAsync(new LatencyToxic { LatencyMilliseconds = 5 });
            var reply = await tp.SendAsync("POST", "/reset");
            Assert.That(reply.Status, Is.EqualTo(500));
            Assert.That(reply.Body, Does.Contain("address already in use"));
            await b.RefreshAsync();
            Assert.That(b.Info.Toxics, Is.Empty, "/reset never stops half-way");
        }
    }
}
