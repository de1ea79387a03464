using System.Diagnostics;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Toxics;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class SlowCloseToxicTests
{
    [Test]
    [Retry(3)] // timing under a loaded 2-core machine: strict bounds, retried on a stall
    public async Task Proxy_SlowClose300_DataAtOnceEofAfter300Ms()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("sc", upstream.Address);
        await proxy.AddToxicAsync(new SlowCloseToxic { DelayMilliseconds = 300 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await server.SendAsync("data"u8.ToArray());
        Assert.That(await client.ReadExactlyAsync(4).Within(TimeSpan.FromSeconds(1), "data"), Is.EqualTo("data"u8.ToArray()));
        var clock = Stopwatch.StartNew();
        server.Close();
        Assert.That(await client.ReadToEndAsync().Within(TimeSpan.FromSeconds(3), "EOF"), Is.Empty);
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.InRange(290, 550), "close delay ms");
    }
}
