using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Toxics;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class BandwidthToxicTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Piece = TimeSpan.FromMilliseconds(100);

    [Test]
    public async Task PipeAsync_Rate1000KBps480000Bytes_100000BytePiecesEvery100MsRestAt480Ms()
    {
        var clock = new SteppedClock();
        using var harness = new StubHarness(StubHarness.Create("bandwidth", 1000), clock);
        var start = clock.GetUtcNow();
        harness.Stub.Start();
        var data = Sockets.RandomBytes(480_000);
        harness.Send(data);
        var received = new List<byte[]>();
        for (var piece = 1; piece <= 4; piece++)
        {
            await clock.AdvanceWhenWaitingAsync(Piece, Piece, count: piece);
            await Eventually.UntilAsync(() => Collect(harness, received) == piece * 100_000, Limit, $"piece {piece} after {piece * 100} ms");
        }

        await clock.WaitForTimersAsync(TimeSpan.FromMilliseconds(80));
        clock.Advance(TimeSpan.FromMilliseconds(79));
        Assert.That(Collect(harness, received), Is.EqualTo(400_000), "the last 80 000 bytes owe 80 ms");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.UntilAsync(() => Collect(harness, received) == 480_000, Limit, "the rest at 480 ms");
        Assert.That(received.SelectMany(c => c).ToArray(), Is.EqualTo(data));
        Assert.That(clock.GetUtcNow() - start, Is.EqualTo(TimeSpan.FromMilliseconds(480)));
    }

    [Test]
    public async Task PipeAsync_RateZero_HoldsChunkUntilInterrupted()
    {
        var clock = new SteppedClock();
        using var harness = new StubHarness(StubHarness.Create("bandwidth", 0), clock);
        harness.Stub.Start();
        harness.Send("stalled"u8.ToArray());
        await Eventually.UntilAsync(() => harness.Input.Reader.Count == 0, Limit, "the stub took the chunk");
        clock.Advance(TimeSpan.FromHours(1));
        Assert.That(harness.Drain(), Is.Empty, "rate 0 stalls the direction, however long");
        Assert.That(await harness.Stub.InterruptAsync(), Is.True);
        Assert.That(harness.Drain().SelectMany(c => c).ToArray(), Is.EqualTo("stalled"u8.ToArray()), "interrupt (removal) forwards the held chunk");
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
        var reader = new CountingReader(server, data.Length);
        await Eventually.UntilAsync(() => reader.Count > 0, Limit, "the storm reaches the server");
        await proxy.RemoveToxicAsync("bw").Within(TimeSpan.FromSeconds(3), "remove under storm");
        Assert.That(await reader.Task.Within(Limit, "storm drained"), Is.EqualTo(data));
        await send;
    }

    private static int Collect(StubHarness harness, List<byte[]> into)
    {
        into.AddRange(harness.Drain());
        return into.Sum(c => c.Length);
    }
}
