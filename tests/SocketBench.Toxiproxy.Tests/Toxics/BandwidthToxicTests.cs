using System.Diagnostics;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Toxics;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class BandwidthToxicTests
{
    [Test]
    [Retry(3)] // timing under a loaded 2-core machine: strict bounds, retried on a stall
    public async Task Proxy_Rate1000KBps_Moves480000BytesInAbout480Ms()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("bw", upstream.Address);
        await proxy.AddToxicAsync(new BandwidthToxic { Stream = ToxicStream.Upstream, RateKilobytesPerSecond = 1000 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        var data = Sockets.RandomBytes(480_000);

        var clock = Stopwatch.StartNew();
        var send = client.SendAsync(data);
        var got = await server.ReadExactlyAsync(data.Length).Within(TimeSpan.FromSeconds(10), "bandwidth transfer");
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await send;

        Assert.That(got, Is.EqualTo(data));
        Assert.That(elapsed, Is.InRange(440, 700), "480 KB at 1000 KB/s, ms");
    }

    [Test]
    [Retry(3)] // timing under a loaded 2-core machine: strict bounds, retried on a stall
    public async Task Proxy_RateZero_StallsUntilRemoved()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("bw", upstream.Address);
        await proxy.AddToxicAsync(new BandwidthToxic { Name = "cut", Stream = ToxicStream.Upstream, RateKilobytesPerSecond = 0 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await client.SendAsync("stalled"u8.ToArray());
        var read = server.ReadExactlyAsync(7);
        await Task.WhenAny(read, Task.Delay(300));
        Assert.That(read.IsCompleted, Is.False, "rate 0 must stall the direction");
        await proxy.RemoveToxicAsync("cut");
        Assert.That(await read.Within(TimeSpan.FromSeconds(2), "data after removal"), Is.EqualTo("stalled"u8.ToArray()));
    }

    [Test]
    public async Task RemoveToxic_DuringWriteStorm_DoesNotHang()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("bw", upstream.Address);
        await proxy.AddToxicAsync(new BandwidthToxic { Name = "bw", Stream = ToxicStream.Upstream, RateKilobytesPerSecond = 100 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        var data = Sockets.RandomBytes(2_000_000);
        var send = client.SendAsync(data);
        var read = server.ReadExactlyAsync(data.Length);
        await Task.Delay(100);
        await proxy.RemoveToxicAsync("bw").Within(TimeSpan.FromSeconds(3), "remove under storm");
        Assert.That(await read.Within(TimeSpan.FromSeconds(10), "storm drained"), Is.EqualTo(data));
        await send;
    }
}
