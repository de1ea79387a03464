using System.Diagnostics;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Toxics;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class LatencyToxicTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [TestCase(ToxicStream.Upstream)]
    [TestCase(ToxicStream.Downstream)]
    [Retry(3)] // timing under a loaded 2-core machine: strict bounds, retried on a stall
    public async Task Proxy_Latency100_OneWayTakes100Ms(ToxicStream stream)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("lat", upstream.Address);
        await proxy.AddToxicAsync(new LatencyToxic { Stream = stream, LatencyMilliseconds = 100 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        var (from, to) = stream == ToxicStream.Upstream ? (client, server) : (server, client);
        var message = Sockets.RandomBytes(32 * 1024);

        var clock = Stopwatch.StartNew();
        await from.SendAsync(message);
        var got = await to.ReadExactlyAsync(message.Length).Within(Limit, "delayed read");
        var elapsed = clock.Elapsed.TotalMilliseconds;

        Assert.That(got, Is.EqualTo(message));
        Assert.That(elapsed, Is.InRange(95, 200), "one-way latency ms");
    }

    [Test]
    [Retry(3)] // timing under a loaded 2-core machine: strict bounds, retried on a stall
    public async Task Proxy_Latency100BothWays_RoundTripTakes200Ms()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("lat", echo.Address);
        await proxy.AddToxicAsync(new LatencyToxic { Stream = ToxicStream.Upstream, LatencyMilliseconds = 100 });
        await proxy.AddToxicAsync(new LatencyToxic { Stream = ToxicStream.Downstream, LatencyMilliseconds = 100 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);

        var clock = Stopwatch.StartNew();
        await client.SendAsync("hello world"u8.ToArray());
        var got = await client.ReadExactlyAsync(11).Within(Limit, "round trip");
        Assert.That(got, Is.EqualTo("hello world"u8.ToArray()));
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.InRange(195, 320), "round trip ms");
    }

    [Test]
    [Retry(3)] // timing under a loaded 2-core machine: strict bounds, retried on a stall
    public async Task Proxy_TwoStacked500MsUpstream_TakeAboutOneSecond()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("lat", upstream.Address);
        await proxy.AddToxicAsync(new LatencyToxic { Name = "a", Stream = ToxicStream.Upstream, LatencyMilliseconds = 500 });
        await proxy.AddToxicAsync(new LatencyToxic { Name = "b", Stream = ToxicStream.Upstream, LatencyMilliseconds = 500 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();

        var clock = Stopwatch.StartNew();
        await client.SendAsync(new byte[] { 1, 2, 3 });
        await server.ReadExactlyAsync(3).Within(Limit, "stacked latency");
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.InRange(990, 1150), "stacked latency ms");
    }

    [Test]
    [Retry(3)] // timing under a loaded 2-core machine: strict bounds, retried on a stall
    public async Task Proxy_Jitter_StaysWithinBounds()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("lat", upstream.Address);
        await proxy.AddToxicAsync(new LatencyToxic { Stream = ToxicStream.Upstream, LatencyMilliseconds = 100, JitterMilliseconds = 50 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            await client.SendAsync(new byte[] { (byte)i });
            await server.ReadExactlyAsync(1).Within(Limit, "jittered read");
            Assert.That(clock.Elapsed.TotalMilliseconds, Is.InRange(48, 200), "latency with jitter ms");
        }
    }

    [Test]
    [Retry(3)] // timing under a loaded 2-core machine: strict bounds, retried on a stall
    public async Task RemoveToxic_QueuedChunks_FlushedWithoutDelay()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("lat", upstream.Address);
        await proxy.AddToxicAsync(new LatencyToxic { Name = "slow", Stream = ToxicStream.Upstream, LatencyMilliseconds = 5000 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        for (var i = 0; i < 10; i++)
        {
            await client.SendAsync(new byte[] { (byte)i });
        }

        var clock = Stopwatch.StartNew();
        await proxy.RemoveToxicAsync("slow");
        var got = await server.ReadExactlyAsync(10).Within(TimeSpan.FromSeconds(2), "flushed queue");
        Assert.That(got, Is.EqualTo(Enumerable.Range(0, 10).Select(i => (byte)i).ToArray()));
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.LessThan(1000));
    }

    [Test]
    [Retry(3)] // timing under a loaded 2-core machine: strict bounds, retried on a stall
    public async Task Proxy_LatencyThenServerClose_EofArrivesAfterData()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("lat", upstream.Address);
        await proxy.AddToxicAsync(new LatencyToxic { LatencyMilliseconds = 100 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await server.SendAsync("bye"u8.ToArray());
        server.Close();
        var clock = Stopwatch.StartNew();
        var all = await client.ReadToEndAsync().Within(Limit, "data then EOF");
        Assert.That(all, Is.EqualTo("bye"u8.ToArray()));
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.GreaterThan(80));
    }
}
