using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Toxics;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class SlowCloseToxicTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(300);

    [Test]
    public async Task PipeAsync_Delay300_DataAtOnceCloseAt300Ms()
    {
        var clock = new SteppedClock();
        using var harness = new StubHarness(StubHarness.Create("slow_close", 300), clock);
        harness.Stub.Start();
        harness.Send("data"u8.ToArray());
        Assert.That(await harness.ReadOneAsync(Limit), Is.EqualTo("data"u8.ToArray()), "data is not delayed");
        harness.Input.Writer.Complete();
        await clock.AdvanceWhenWaitingAsync(Delay, TimeSpan.FromMilliseconds(299));
        Assert.That(harness.Output.Reader.Completion.IsCompleted, Is.False, "the close is held");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await harness.Output.Reader.Completion.Within(Limit, "close passed on at 300 ms");
        Assert.That(harness.CloseRequests, Is.Zero, "only this direction ends (a half-close when passed through)");
    }

    [Test]
    public async Task Proxy_SlowCloseUpstreamClientHalfClose_ServerEofDelayedReplyStillFlows()
    {
        var clock = new SteppedClock();
        await using var tp = await TestToxiproxy.StartAsync(o => o.TimeProvider = clock);
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("sc", upstream.Address);
        await proxy.AddToxicAsync(new SlowCloseToxic { Stream = ToxicStream.Upstream, DelayMilliseconds = 300 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await client.SendAsync("request"u8.ToArray());
        client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var serverReads = server.ReadToEndAsync();
        await clock.AdvanceWhenWaitingAsync(Delay, TimeSpan.FromMilliseconds(299));
        Assert.That(serverReads.IsCompleted, Is.False, "the client's FIN is held 300 ms");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await serverReads.Within(Limit, "request then FIN"), Is.EqualTo("request"u8.ToArray()));
        await server.SendAsync("reply"u8.ToArray());
        server.Close();
        Assert.That(await client.ReadToEndAsync().Within(Limit, "reply after the delayed FIN"), Is.EqualTo("reply"u8.ToArray()));
    }
}
