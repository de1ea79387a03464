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
