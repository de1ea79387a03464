using System.Net.Sockets;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Toxics;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class TimeoutToxicTests
{
    private static async Task<bool> IsClosedAsync(Socket s)
    {
        try
        {
            return await s.ReceiveAsync(new byte[16], SocketFlags.None) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    [Test]
    public async Task PipeAsync_Timeout200Idle_ClosesConnectionAt200Ms()
    {
        var clock = new SteppedClock();
        using var harness = new StubHarness(StubHarness.Create("timeout", 200), clock);
        harness.Stub.Start();
        await clock.AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(199));
        Assert.That(harness.Output.Reader.Completion.IsCompleted, Is.False, "still open at 199 ms");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await harness.Output.Reader.Completion.Within(TimeSpan.FromSeconds(10), "closed at 200 ms");
        Assert.That(harness.CloseRequests, Is.EqualTo(1), "the timeout closes the whole connection, not just this direction");
    }

    [Test]
    public async Task PipeAsync_ChunksBeforeTimeout_DroppedAndEachRestartsTimer()
    {
        var clock = new SteppedClock();
        var timeout = TimeSpan.FromMilliseconds(600);
        using var harness = new StubHarness(StubHarness.Create("timeout", 600), clock);
        harness.Stub.Start();
        for (var i = 1; i <= 4; i++)
        {
            await clock.AdvanceWhenWaitingAsync(timeout, TimeSpan.FromMilliseconds(500), count: i);
            harness.Send(4);
        }

        await clock.AdvanceWhenWaitingAsync(timeout, TimeSpan.FromMilliseconds(599), count: 5);
        Assert.That(harness.Output.Reader.Completion.IsCompleted, Is.False, "2599 ms in, but only 599 ms since the last chunk");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await harness.Output.Reader.Completion.Within(TimeSpan.FromSeconds(10), "closed 600 ms after the last chunk");
        Assert.That(harness.Drain(), Is.Empty, "every byte dropped");
    }

    [Test]
    public async Task PipeAsync_SourceClosesBeforeTimeout_PassesTheEndOnOnly()
    {
        using var harness = new StubHarness(StubHarness.Create("timeout", 600), new SteppedClock());
        harness.Stub.Start();
        harness.Input.Writer.Complete();
        await harness.Output.Reader.Completion.Within(TimeSpan.FromSeconds(10), "end passed on");
        Assert.That(harness.CloseRequests, Is.Zero, "a source's own end stays a half-close");
    }

    [Test]
    public async Task Proxy_Timeout200Idle_ClosesBothSidesEvenWithHalfClosePassThrough()
    {
        var clock = new SteppedClock();
        await using var tp = await TestToxiproxy.StartAsync(o => o.TimeProvider = clock);
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("to", upstream.Address);
        await proxy.AddToxicAsync(new TimeoutToxic { Stream = ToxicStream.Upstream, TimeoutMilliseconds = 200 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await clock.AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200));
        Assert.That(await IsClosedAsync(client).Within(TimeSpan.FromSeconds(10), "client close"), Is.True);
        Assert.That(await IsClosedAsync(server).Within(TimeSpan.FromSeconds(10), "server close"), Is.True);
    }

    /// <summary>
    /// Toxiproxy's own test wants both EOFs within 1 s of real time. Here the proxy runs on a clock
    /// that never moves, so the close cannot come from any timer (a write timeout, a drain limit):
    /// only the removal itself can cause it, which is the promptness that matters. The real-time
    /// deadline only tells a close from a hang: `make test` runs fixtures in parallel on 2 CPUs, and
    /// a 1 s bound failed there once while the close normally follows the removal by 3-4 ms.
    /// </summary>
    [Test]
    public async Task RemoveToxic_Timeout0_ClosesConnectionWithoutAnyTimer()
    {
        await using var tp = await TestToxiproxy.StartAsync(o => o.TimeProvider = new SteppedClock());
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("to", upstream.Address);
        await proxy.AddToxicAsync(new TimeoutToxic { Name = "t", Stream = ToxicStream.Upstream });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await client.SendAsync("eaten"u8.ToArray());
        await proxy.RemoveToxicAsync("t").Within(TimeSpan.FromSeconds(10), "remove");
        Assert.That(await IsClosedAsync(client).Within(TimeSpan.FromSeconds(10), "client EOF"), Is.True);
        Assert.That(await IsClosedAsync(server).Within(TimeSpan.FromSeconds(10), "server EOF"), Is.True);
    }

    /// <summary>
    /// Toxiproxy's test: removing a latency in front of a timeout(0) returns within 1 s, no hang. On
    /// a clock that never moves the removal cannot wait for the latency's timer either: it must
    /// flush its queue into the timeout at once. The real-time deadline only tells a return from a hang.
    /// </summary>
    [Test]
    public async Task RemoveToxic_LatencyBeforeTimeout0_ReturnsWithoutWaitingForTheLatency()
    {
        await using var tp = await TestToxiproxy.StartAsync(o => o.TimeProvider = new SteppedClock());
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("to", upstream.Address);
        await proxy.AddToxicAsync(new LatencyToxic { Name = "lat", Stream = ToxicStream.Upstream, LatencyMilliseconds = 10 });
        await proxy.AddToxicAsync(new TimeoutToxic { Name = "t", Stream = ToxicStream.Upstream });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await client.SendAsync(new byte[1000]);
        await proxy.RemoveToxicAsync("lat").Within(TimeSpan.FromSeconds(10), "remove latency before timeout");
    }
}
