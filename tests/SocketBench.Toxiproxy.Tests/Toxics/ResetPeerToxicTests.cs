using System.Diagnostics;
using System.Net.Sockets;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Toxics;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ResetPeerToxicTests
{
    /// <summary>The client's read fails with ECONNRESET, the next one is EOF; returns how long the first took.</summary>
    internal static async Task<double> ExpectResetAsync(Socket client)
    {
        var clock = Stopwatch.StartNew();
        var buffer = new byte[64];
        var error = Assert.ThrowsAsync<SocketException>(async () =>
            await client.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10)));
        var elapsed = clock.Elapsed.TotalMilliseconds;
        Assert.That(error!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionReset));
        Assert.That(await client.ReceiveAsync(buffer, SocketFlags.None), Is.Zero, "next read is EOF");
        return elapsed;
    }

    [Test]
    public async Task PipeAsync_Timeout100_ResetsAt100MsNotBefore()
    {
        var clock = new SteppedClock();
        using var harness = new StubHarness(StubHarness.Create("reset_peer", 100), clock);
        harness.Stub.Start();
        harness.Send(5);
        await clock.AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(99));
        Assert.That(harness.ConnectionResets, Is.Zero, "no reset before the timeout");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.UntilAsync(() => harness.ConnectionResets == 1, TimeSpan.FromSeconds(10), "reset at 100 ms");
        Assert.That(harness.Drain(), Is.Empty, "the first chunk is dropped");
    }

    [Test]
    public async Task PipeAsync_NoData_NeverResets()
    {
        var clock = new SteppedClock();
        using var harness = new StubHarness(StubHarness.Create("reset_peer", 100), clock);
        harness.Stub.Start();
        clock.Advance(TimeSpan.FromHours(1));
        Assert.That(await harness.Stub.InterruptAsync(), Is.True, "still waiting for a first chunk");
        Assert.That(harness.ConnectionResets, Is.Zero);
        Assert.That(clock.DueTimes, Is.Empty, "no timer runs before the first chunk");
    }

    [Test]
    public async Task Proxy_ResetPeerTimeout0Upstream_UpstreamNeverGetsData()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("rst", upstream.Address);
        await proxy.AddToxicAsync(new ResetPeerToxic { Stream = ToxicStream.Upstream });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await client.SendAsync("secret"u8.ToArray());
        await ExpectResetAsync(client);
        var buffer = new byte[16];
        try
        {
            Assert.That(await server.ReceiveAsync(buffer, SocketFlags.None), Is.Zero);
        }
        catch (SocketException e)
        {
            Assert.That(e.SocketErrorCode, Is.EqualTo(SocketError.ConnectionReset));
        }
    }

    [Test]
    public async Task RemoveToxic_WhileWaitingToReset_ReturnsAtOnceAndResets()
    {
        // The clock never moves: a DELETE that waited for the 3 s sleep (as Toxiproxy's does) would hang.
        var clock = new SteppedClock();
        await using var tp = await TestToxiproxy.StartAsync(o => o.TimeProvider = clock);
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("rst", echo.Address);
        await proxy.AddToxicAsync(new ResetPeerToxic { Name = "rst", Stream = ToxicStream.Upstream, TimeoutMilliseconds = 3000 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        await client.SendAsync("x"u8.ToArray());
        await clock.WaitForTimersAsync(TimeSpan.FromMilliseconds(3000));
        await proxy.RemoveToxicAsync("rst").Within(TimeSpan.FromSeconds(5), "DELETE must not wait for the reset sleep");
        await ExpectResetAsync(client);
    }

    [Test]
    public async Task Proxy_ResetPeerWithoutData_DoesNothing()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("rst", upstream.Address);
        await proxy.AddToxicAsync(new ResetPeerToxic { Name = "rst", Stream = ToxicStream.Upstream });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await proxy.RemoveToxicAsync("rst");
        await client.SendAsync("fine"u8.ToArray());
        Assert.That(await server.ReadExactlyAsync(4).Within(TimeSpan.FromSeconds(2), "data after removal"), Is.EqualTo("fine"u8.ToArray()));
    }

    [Test]
    public async Task AddToxic_ToLiveConnection_ResetsIt()
    {
        // Toxiproxy fixes SO_LINGER 0 when a connection starts, so a reset_peer added later closes with
        // a FIN there; ours resets when the toxic fires, whenever it was added.
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("rst", echo.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        await client.SendAsync("a"u8.ToArray());
        Assert.That(await client.ReadExactlyAsync(1).Within(TimeSpan.FromSeconds(2), "echo before the toxic"), Is.EqualTo("a"u8.ToArray()));
        await proxy.AddToxicAsync(new ResetPeerToxic { Stream = ToxicStream.Upstream });
        await client.SendAsync("b"u8.ToArray());
        var e = Assert.ThrowsAsync<SocketException>(async () => await client.ReceiveAsync(new byte[8], SocketFlags.None).Within(TimeSpan.FromSeconds(2), "reset"))!;
        Assert.That(e.SocketErrorCode, Is.EqualTo(SocketError.ConnectionReset));
    }

    [Test]
    public async Task Toxicity_Missed_ClosesWithFinNotRst()
    {
        // Toxiproxy issue #603: connections under a reset_peer whose roll missed still ended with RST.
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("rst", echo.Address);
        await proxy.AddToxicAsync(new ResetPeerToxic { Stream = ToxicStream.Upstream, Toxicity = 0f });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        await client.SendAsync("a"u8.ToArray());
        Assert.That(await client.ReadExactlyAsync(1).Within(TimeSpan.FromSeconds(2), "echo through a missed reset_peer"), Is.EqualTo("a"u8.ToArray()));
        client.Shutdown(SocketShutdown.Send);
        Assert.That(await client.ReceiveAsync(new byte[8], SocketFlags.None).Within(TimeSpan.FromSeconds(2), "EOF"), Is.Zero, "a clean close, not ECONNRESET");
    }
}
