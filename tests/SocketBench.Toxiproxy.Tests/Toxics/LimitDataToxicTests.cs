using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Toxics;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class LimitDataToxicTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    [TestCase(new[] { 50 }, 100, new[] { 50 }, false, TestName = "PipeAsync_50BytesUnderLimit_Passes")]
    [TestCase(new[] { 100 }, 100, new[] { 100 }, true, TestName = "PipeAsync_ExactlyLimit_PassesAndCloses")]
    [TestCase(new[] { 150 }, 100, new[] { 100 }, true, TestName = "PipeAsync_150Bytes_YieldsFirst100AndCloses")]
    [TestCase(new[] { 25, 25, 25, 25 }, 100, new[] { 25, 25, 25, 25 }, true, TestName = "PipeAsync_Four25ByteChunks_AllPass")]
    [TestCase(new[] { 90, 20 }, 100, new[] { 90, 10 }, true, TestName = "PipeAsync_90Then20_Yields90Then10")]
    [TestCase(new[] { 10 }, 0, new int[0], true, TestName = "PipeAsync_LimitZero_YieldsNothingAndCloses")]
    public async Task PipeAsync_Chunks_CutAtLimit(int[] sends, int limit, int[] expected, bool closes)
    {
        using var harness = new StubHarness(StubHarness.Create("limit_data", limit));
        harness.Stub.Start();
        foreach (var n in sends)
        {
            harness.Send(n);
        }

        if (!closes)
        {
            harness.Input.Writer.Complete();
        }

        var chunks = await harness.ReadAllAsync(Limit);
        Assert.That(chunks.Select(c => c.Length), Is.EqualTo(expected));
    }

    [Test]
    public async Task PipeAsync_InterruptAndRestart_KeepsCount()
    {
        using var harness = new StubHarness(StubHarness.Create("limit_data", 100));
        harness.Stub.Start();
        harness.Send(60);
        await Eventually.UntilAsync(() => harness.Output.Reader.Count == 1, Limit, "first chunk forwarded");
        Assert.That(await harness.Stub.InterruptAsync(), Is.True);
        harness.Stub.Start();
        harness.Send(60);
        var chunks = await harness.ReadAllAsync(Limit);
        Assert.That(chunks.Select(c => c.Length), Is.EqualTo(new[] { 60, 40 }));
    }

    [Test]
    public async Task PipeAsync_InputClosed_ClosesOutput()
    {
        using var harness = new StubHarness(StubHarness.Create("limit_data", 100));
        harness.Stub.Start();
        harness.Input.Writer.Complete();
        Assert.That(await harness.ReadAllAsync(Limit), Is.Empty);
    }

    [Test]
    public async Task Proxy_LimitDataUpstream_UpstreamReceivesExactPrefixThenEof()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("limit", upstream.Address);
        await proxy.AddToxicAsync(new LimitDataToxic { Stream = ToxicStream.Upstream, Bytes = 1000 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        var data = Sockets.RandomBytes(1500);
        await client.SendAsync(data);
        var received = await server.ReadToEndAsync().Within(Limit, "upstream EOF");
        Assert.That(received, Is.EqualTo(data.Take(1000).ToArray()));
        Assert.That(await IsClosedAsync(client).Within(Limit, "client close"), Is.True, "the limit closes the whole connection, though the server never closed");
    }

    private static async Task<bool> IsClosedAsync(System.Net.Sockets.Socket s)
    {
        try
        {
            return await s.ReceiveAsync(new byte[16], System.Net.Sockets.SocketFlags.None) == 0;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return true;
        }
    }
}
