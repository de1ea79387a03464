using SocketBench.Toxiproxy.Logging;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ToxiproxyServerTests
{
    [Test]
    public async Task StartAsync_RepoConfig_CreatesProxiesWithToxics()
    {
        var config = Path.Combine(RepoPaths.Root, "toxiproxy", "toxiproxy.json");
        await using var tp = await TestToxiproxy.StartAsync(o => o.ConfigPath = config);
        var proxies = await tp.Client.GetProxiesAsync();
        Assert.That(proxies.Keys, Is.EquivalentTo(new[] { "csharp_server", "c_server", "python_server", "slow_link" }));
        Assert.That(proxies["csharp_server"].Enabled, Is.True);
        Assert.That(proxies["csharp_server"].Listen, Does.Match(@"^127\.0\.0\.1:[1-9]\d*$"));
        Assert.That(proxies["slow_link"].Enabled, Is.False);
        Assert.That(proxies["slow_link"].Toxics.Select(t => t.Name), Is.EqualTo(new[] { "bandwidth_up", "latency_down" }));
    }

    [Test]
    public void StartAsync_MissingConfig_ThrowsWithPath()
    {
        var server = new ToxiproxyServer(new ToxiproxyOptions { Host = "127.0.0.1", Port = 0, ConfigPath = "/nonexistent/x.json", Log = ToxiproxyLog.Null });
        var e = Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
        Assert.That(e!.Message, Does.Contain("/nonexistent/x.json"));
    }

    private static async Task<string> WriteConfigAsync(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"toxiproxy-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    [Test]
    public async Task StartAsync_ConfigWithOneInvalidToxic_FailsNamingProxyToxicAndProblem_NothingStarted()
    {
        var port = Sockets.FreePort();
        var path = await WriteConfigAsync($$$"""
            [{"name":"good","listen":"127.0.0.1:{{{port}}}","upstream":"127.0.0.1:1"},
             {"name":"bad","upstream":"127.0.0.1:1","toxics":[{"type":"noop"},{"name":"lat","type":"latency","attributes":{"latency":1.5}}]}]
            """);
        try
        {
            var server = new ToxiproxyServer(new ToxiproxyOptions { Host = "127.0.0.1", Port = 0, ConfigPath = path, Log = ToxiproxyLog.Null });
            var e = Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
            Assert.That(e!.Message, Is.EqualTo(
                $"-config {path}: proxy \"bad\", toxic \"lat\": bad request body: json: cannot unmarshal number 1.5 into Go struct field LatencyToxic.attributes.latency of type int64"));
            Assert.That(await Sockets.IsListeningAsync(port), Is.False, "the whole file is checked before any proxy starts");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("""{"type":"latency","stream":"sideways"}""", "toxic #1: stream was invalid, can be either upstream or downstream")]
    [TestCase("""{"name":"x","type":"nope"}""", "toxic \"x\": invalid toxic type")]
    [TestCase("""{"name":"s","type":"slicer","attributes":{"average_size":0}}""", "toxic \"s\": ")]
    public async Task StartAsync_ConfigToxicProblems_OneLineEach(string toxic, string expected)
    {
        var path = await WriteConfigAsync("""[{"name":"p","upstream":"127.0.0.1:1","toxics":[""" + toxic + "]}]");
        try
        {
            var server = new ToxiproxyServer(new ToxiproxyOptions { Host = "127.0.0.1", Port = 0, ConfigPath = path, Log = ToxiproxyLog.Null });
            var e = Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
            Assert.That(e!.Message, Does.StartWith($"-config {path}: proxy \"p\", {expected}"));
            Assert.That(e.Message, Does.Not.Contain('\n'));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task StartAsync_ConfigSecondProxyCannotBind_FailsAndStopsTheFirst()
    {
        using var blocker = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        blocker.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        blocker.Listen();
        var taken = ((System.Net.IPEndPoint)blocker.LocalEndPoint!).Port;
        var port = Sockets.FreePort();
        var path = await WriteConfigAsync($$"""
            [{"name":"one","listen":"127.0.0.1:{{port}}","upstream":"127.0.0.1:1"},
             {"name":"two","listen":"127.0.0.1:{{taken}}","upstream":"127.0.0.1:1"}]
            """);
        try
        {
            var server = new ToxiproxyServer(new ToxiproxyOptions { Host = "127.0.0.1", Port = 0, ConfigPath = path, Log = ToxiproxyLog.Null });
            var e = Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
            Assert.That(e!.Message, Is.EqualTo($"-config {path}: proxy \"two\": listen tcp 127.0.0.1:{taken}: bind: address already in use"));
            Assert.That(await Sockets.IsListeningAsync(port), Is.False, "the proxy started before the failure is stopped");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task StartAsync_ConfigProxyWithoutListen_BindsLoopback()
    {
        var path = await WriteConfigAsync("""[{"name":"p","upstream":"127.0.0.1:1"}]""");
        try
        {
            await using var tp = await TestToxiproxy.StartAsync(o => o.ConfigPath = path);
            Assert.That((await tp.Client.GetProxyAsync("p")).Listen, Does.Match(@"^127\.0\.0\.1:[1-9]\d*$"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task StopAsync_LiveConnections_AllClosed()
    {
        var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("p", upstream.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await tp.DisposeAsync();
        Assert.That(await client.ReadToEndAsync().Within(TimeSpan.FromSeconds(3), "client EOF on shutdown"), Is.Empty);
    }
}
