using System.Net.Sockets;
using SocketBench.Toxiproxy.Stream;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class TrafficTotalsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Snapshot_ProxyDeletedAfterTraffic_KeepsItsCounts()
    {
        using var echo = TestServer.Echo();
        var live = LiveProxy.Start(echo.Address, "counted");
        var listen = live.Proxy.Listen;
        using (var client = await Sockets.ConnectAsync(live.Port))
        {
            await client.SendAsync("hello"u8.ToArray());
            await client.ReadExactlyAsync(5).Within(Limit, "echo");
            client.Shutdown(SocketShutdown.Send);
            await client.ReadToEndAsync().Within(Limit, "echo server's close");
        }

        await Eventually.UntilAsync(() => live.Proxy.Toxics.Connections.Length == 0, Limit, "connection finished");
        Assert.That(live.Proxy.Bytes(Direction.Upstream), Is.EqualTo((5L, 5L)), "finished links still count on the proxy");
        live.Dispose();

        var rows = live.Host.Traffic.Snapshot([]);
        Assert.That(rows, Is.EqualTo(new[]
        {
            new TrafficRow(new TrafficKey("counted", listen, echo.Address, Direction.Upstream), 5, 5),
            new TrafficRow(new TrafficKey("counted", listen, echo.Address, Direction.Downstream), 5, 5),
        }), "the deleted proxy's counters survive, with the labels its traffic had");
    }

    [Test]
    public async Task Snapshot_LiveLink_CountsBytesBeforeItEnds()
    {
        using var echo = TestServer.Echo();
        using var live = LiveProxy.Start(echo.Address);
        using var client = await Sockets.ConnectAsync(live.Port);
        await client.SendAsync(new byte[1000]);
        await client.ReadExactlyAsync(1000).Within(Limit, "echo");
        var rows = live.Host.Traffic.Snapshot([live.Proxy]);
        Assert.That(rows.Select(r => (r.Key.Direction, r.Received, r.Sent)), Is.EquivalentTo(new[]
        {
            (Direction.Upstream, 1000L, 1000L),
            (Direction.Downstream, 1000L, 1000L),
        }));
    }
}
