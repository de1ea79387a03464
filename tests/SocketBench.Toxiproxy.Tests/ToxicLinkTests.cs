using System.Net.Sockets;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ToxicLinkTests
{
    [Test]
    public async Task AddAndRemoveToxics_TightLoopUnderTraffic_NoByteLostOrReordered()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("churn", echo.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);

        // 65535 two-byte sequence numbers, sent in small writes, echoed back through both links.
        var data = new byte[65535 * 2];
        for (var i = 0; i < 65535; i++)
        {
            data[2 * i] = (byte)(i >> 8);
            data[(2 * i) + 1] = (byte)i;
        }

        var changes = 0;
        var send = Task.Run(async () =>
        {
            for (var offset = 0; offset < data.Length; offset += 200)
            {
                // Four writes per toxic change, so changes really happen while bytes flow.
                await Eventually.UntilAsync(() => Volatile.Read(ref changes) >= offset / 800, TimeSpan.FromSeconds(20), "toxic churn keeps up");
                await client.SendAsync(data.AsMemory(offset, Math.Min(200, data.Length - offset)), SocketFlags.None);
            }
        });
        var receive = client.ReadExactlyAsync(data.Length);
        while (!receive.IsCompleted && changes < 2000)
        {
            var stream = changes % 2 == 0 ? ToxicStream.Upstream : ToxicStream.Downstream;
            await proxy.AddToxicAsync(new LatencyToxic { Name = "lat", Stream = stream, LatencyMilliseconds = 1 });
            await proxy.AddToxicAsync(new NoopToxic { Name = "noop", Stream = stream });
            await proxy.RemoveToxicAsync("lat");
            await proxy.RemoveToxicAsync("noop");
            Interlocked.Increment(ref changes);
        }

        var got = await receive.Within(TimeSpan.FromSeconds(30), "echo of every sequence number");
        await send;
        Assert.That(changes, Is.GreaterThan(100), "toxics changed while traffic flowed");
        for (var i = 0; i < 65535; i++)
        {
            var n = (got[2 * i] << 8) | got[(2 * i) + 1];
            if (n != i)
            {
                Assert.Fail($"sequence broken at {i}: got {n}");
            }
        }
    }

    [Test]
    public async Task BulkTransfer_ToxicsToggledMidStream_BytesIntact()
    {
        // Bulk traffic takes the zero-copy path; toxics force it back to the chain and out again.
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("bulk", upstream.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        var data = Sockets.RandomBytes(48 * 1024 * 1024, seed: 9);
        var receive = server.ReadToEndAsync();
        const int Slice = 1024 * 1024;
        for (var offset = 0; offset < data.Length; offset += Slice)
        {
            await client.SendAsync(data.AsMemory(offset, Slice), SocketFlags.None);
            if (offset % (8 * Slice) == 0)
            {
                await proxy.AddToxicAsync(new SlicerToxic { Name = "s", Stream = ToxicStream.Upstream, AverageSizeBytes = 4096, SizeVariationBytes = 1024 });
            }
            else if (offset % (8 * Slice) == 2 * Slice)
            {
                await proxy.RemoveToxicAsync("s");
            }
        }

        client.Shutdown(SocketShutdown.Send);
        var got = await receive.Within(TimeSpan.FromSeconds(30), "bulk transfer");
        Assert.That(got.Length, Is.EqualTo(data.Length));
        Assert.That(System.Security.Cryptography.SHA256.HashData(got), Is.EqualTo(System.Security.Cryptography.SHA256.HashData(data)));
    }

    [Test]
    public async Task UpdateToxic_Toxicity0ToTimeout100_ReaderGetsEofAt100Ms()
    {
        var clock = new SteppedClock();
        await using var tp = await TestToxiproxy.StartAsync(o => o.TimeProvider = clock);
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("tox", echo.Address);
        await proxy.AddToxicAsync(new TimeoutToxic { Name = "t", TimeoutMilliseconds = 100, Toxicity = 0 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        await client.SendAsync("pass"u8.ToArray());
        Assert.That(await client.ReadExactlyAsync(4).Within(TimeSpan.FromSeconds(10), "passthrough at toxicity 0"), Is.EqualTo("pass"u8.ToArray()));

        await proxy.UpdateToxicAsync("t", new TimeoutToxic { TimeoutMilliseconds = 100, Toxicity = 1 });
        var eof = client.ReadToEndAsync();
        await clock.AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(99));
        Assert.That(eof.IsCompleted, Is.False, "open until the timeout");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await eof.Within(TimeSpan.FromSeconds(10), "EOF 100 ms after the update"), Is.Empty);
    }

    [Test]
    public async Task Toxicity_SameSeed_SameConnectionsAffected()
    {
        var first = await AffectedConnectionsAsync(seed: 7);
        var second = await AffectedConnectionsAsync(seed: 7);
        Assert.That(second, Is.EqualTo(first), "-seed makes toxicity decisions repeatable");
        Assert.That(first.Count(hit => hit), Is.InRange(1, first.Length - 1), "toxicity 0.5 hits some links, not all");
    }

    /// <summary>
    /// limit_data 0 at toxicity 0.5: an affected link closes on its first byte (the server reads EOF), a
    /// missed one passes it (the server reads it): a verdict per connection without timing.
    /// </summary>
    private static async Task<bool[]> AffectedConnectionsAsync(long seed)
    {
        await using var tp = await TestToxiproxy.StartAsync(o => o.Seed = seed);
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("seeded", upstream.Address);
        await proxy.AddToxicAsync(new LimitDataToxic { Stream = ToxicStream.Upstream, Bytes = 0, Toxicity = 0.5f });
        var affected = new bool[10];
        for (var i = 0; i < affected.Length; i++)
        {
            using var c = await Sockets.ConnectAsync(proxy.ListenPort);
            using var server = await upstream.NextAsync();
            await c.SendAsync(new byte[] { 1 });
            var n = await server.ReceiveAsync(new byte[1], SocketFlags.None).Within(TimeSpan.FromSeconds(10), "first byte or EOF");
            affected[i] = n == 0;
        }

        return affected;
    }

    [Test]
    public async Task RemoveToxic_NextStubNotReading_ApiAnswersAfterLinkChangeTimeoutAndStopFreesLink()
    {
        // Toxiproxy's stub drain timeout: a removal whose drain cannot write (the next stub does not read)
        // must not hold the caller forever. Ours answers after LinkChangeTimeout on the proxy's clock.
        var clock = new SteppedClock();
        using var upstream = TestServer.Manual();
        using var live = LiveProxy.Start(upstream.Address, host: new ProxyHost(clock, Logging.ToxiproxyLog.Null, 1));
        await live.Proxy.Toxics.AddAsync(StubHarness.Create("noop"));
        await live.Proxy.Toxics.AddAsync(StubHarness.Create("bandwidth", 0));
        using var client = await Sockets.ConnectAsync(live.Port);
        using var server = await upstream.NextAsync();

        // The upstream accepts as soon as the proxy's dial completes; the proxy registers the connection
        // just after that, on its own thread: wait for it instead of reading the list at once.
        await Eventually.UntilAsync(() => live.Proxy.Toxics.Connections.Length == 1, Limit, "the proxy registered the connection");
        var link = live.Proxy.Toxics.Connections.Single().Downstream;
        var stubs = link.ChainPump.Chain!.Stubs;

        // bandwidth 0 holds chunk 1, its input holds chunk 2, the noop is stuck writing chunk 3.
        for (var i = 1; i <= 3; i++)
        {
            await server.SendAsync(new byte[] { (byte)i });
            var received = i;
            await Eventually.UntilAsync(() => link.ReceivedBytes == received && stubs[0].Input.Count == 0 && stubs[1].Input.Count == 0, Limit, $"chunk {i} entered the chain");
        }

        await Eventually.UntilAsync(() => stubs[2].Input.Count == 1, Limit, "the bandwidth stub's input is full");
        var remove = live.Proxy.Toxics.RemoveAsync("noop");
        await clock.AdvanceWhenWaitingAsync(ToxiproxyConstants.LinkChangeTimeout, ToxiproxyConstants.LinkChangeTimeout);
        await remove.Within(Limit, "the removal answers once the link change timeout passed");
        live.Proxy.Stop();
        await Eventually.UntilAsync(() => live.Proxy.Toxics.Connections.Length == 0, Limit, "stopping the proxy frees the stuck link");
    }

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
}
