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
    private static readonly TimeSpan Ms100 = TimeSpan.FromMilliseconds(100);

    [Test]
    public async Task PipeAsync_Latency100_ReleasedAt100MsNotBefore()
    {
        var clock = new SteppedClock();
        using var harness = new StubHarness(StubHarness.Create("latency", 100), clock);
        harness.Stub.Start();
        harness.Send("late"u8.ToArray());
        await clock.AdvanceWhenWaitingAsync(Ms100, TimeSpan.FromMilliseconds(99));
        Assert.That(harness.Drain(), Is.Empty, "held for the whole latency");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That((await harness.ReadOneAsync(Limit)), Is.EqualTo("late"u8.ToArray()));
    }

    [Test]
    public async Task PipeAsync_ZeroLatency_PassesAtOnceWithoutATimer()
    {
        // Toxiproxy's TestZeroLatency.
        var clock = new SteppedClock();
        using var harness = new StubHarness(StubHarness.Create("latency", 0), clock);
        harness.Stub.Start();
        harness.Send("now"u8.ToArray());
        Assert.That(await harness.ReadOneAsync(Limit), Is.EqualTo("now"u8.ToArray()), "the clock never moved");
        Assert.That(clock.DueTimes, Is.Empty, "no wait was even scheduled");
    }

    [Test]
    public async Task PipeAsync_Jitter50_EachDelayWithin50To150MsAndVaried()
    {
        var clock = new SteppedClock();
        using var harness = new StubHarness(StubHarness.Create("latency", 100, 50), clock);
        harness.Stub.Start();
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            harness.Send([(byte)i]);
            await Eventually.UntilAsync(() => clock.DueTimes.Count == i + 1, Limit, $"chunk {i} waits");
            var due = clock.DueTimes.Last();
            delays.Add(due);
            clock.Advance(due);
            Assert.That(await harness.ReadOneAsync(Limit), Is.EqualTo(new[] { (byte)i }));
        }

        Assert.That(delays, Has.All.InRange(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(149)));
        Assert.That(delays.Distinct().Count(), Is.GreaterThan(5), "jitter varies the delay");
    }

    [Test]
    public async Task Proxy_TwoStacked500MsUpstream_AddUpToOneSecond()
    {
        var clock = new SteppedClock();
        await using var tp = await TestToxiproxy.StartAsync(o => o.TimeProvider = clock);
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("lat", upstream.Address);
        await proxy.AddToxicAsync(new LatencyToxic { Name = "a", Stream = ToxicStream.Upstream, LatencyMilliseconds = 500 });
        await proxy.AddToxicAsync(new LatencyToxic { Name = "b", Stream = ToxicStream.Upstream, LatencyMilliseconds = 500 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        var half = TimeSpan.FromMilliseconds(500);

        await client.SendAsync(new byte[] { 1, 2, 3 });
        var read = server.ReadExactlyAsync(3);
        await clock.AdvanceWhenWaitingAsync(half, half);
        await clock.AdvanceWhenWaitingAsync(half, TimeSpan.FromMilliseconds(499), count: 2);
        Assert.That(read.IsCompleted, Is.False, "the second toxic still holds the bytes at 999 ms");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await read.Within(Limit, "stacked latency"), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task RemoveToxic_QueuedChunks_FlushedWithoutDelay()
    {
        var clock = new SteppedClock();
        await using var tp = await TestToxiproxy.StartAsync(o => o.TimeProvider = clock);
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("lat", upstream.Address);
        await proxy.AddToxicAsync(new LatencyToxic { Name = "slow", Stream = ToxicStream.Upstream, LatencyMilliseconds = 5000 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        for (var i = 0; i < 10; i++)
        {
            await client.SendAsync(new byte[] { (byte)i });
        }

        await clock.WaitForTimersAsync(TimeSpan.FromMilliseconds(5000));
        await proxy.RemoveToxicAsync("slow");
        var got = await server.ReadExactlyAsync(10).Within(Limit, "flushed queue (the clock never moved)");
        Assert.That(got, Is.EqualTo(Enumerable.Range(0, 10).Select(i => (byte)i).ToArray()));
    }

    [Test]
    public async Task Proxy_LatencyThenServerClose_EofArrivesAfterData()
    {
        var clock = new SteppedClock();
        await using var tp = await TestToxiproxy.StartAsync(o => o.TimeProvider = clock);
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("lat", upstream.Address);
        await proxy.AddToxicAsync(new LatencyToxic { LatencyMilliseconds = 100 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await server.SendAsync("bye"u8.ToArray());
        server.Close();
        var all = client.ReadToEndAsync();
        await clock.AdvanceWhenWaitingAsync(Ms100, Ms100);
        Assert.That(await all.Within(Limit, "data then EOF"), Is.EqualTo("bye"u8.ToArray()), "the close is queued behind the delayed bytes");
    }

    [Test]
    public async Task Proxy_LatencyCloseRace_200ConnectionsClosedMidDelay_NoneLeftAndProxyServes()
    {
        // Toxiproxy's TestLatencyToxicCloseRace: connections closed while a latency toxic holds their bytes.
        using var echo = TestServer.Echo();
        using var proxy = LiveProxy.Start(echo.Address);
        await proxy.Proxy.Toxics.AddAsync(StubHarness.Create("latency", 20));
        for (var i = 0; i < 200; i++)
        {
            using var c = await Sockets.ConnectAsync(proxy.Port);
            await c.SendAsync("racing"u8.ToArray());
        }

        await Eventually.UntilAsync(() => proxy.Proxy.Toxics.Connections.Length == 0, TimeSpan.FromSeconds(30), "every raced connection finished");
        await proxy.Proxy.Toxics.RemoveAsync("latency").Within(Limit, "remove after the race");
        using var client = await Sockets.ConnectAsync(proxy.Port);
        await client.SendAsync("still"u8.ToArray());
        Assert.That(await client.ReadExactlyAsync(5).Within(Limit, "echo after the race"), Is.EqualTo("still"u8.ToArray()));
    }
}
