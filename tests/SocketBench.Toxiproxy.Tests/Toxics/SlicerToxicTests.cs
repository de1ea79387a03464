using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;
using ServerSlicer = SocketBench.Toxiproxy.Toxics.SlicerToxic;

namespace SocketBench.Toxiproxy.Tests.Toxics;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class SlicerToxicTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Test]
    public async Task PipeAsync_480000BytesAvg1024Var512_240To720PiecesSameBytes()
    {
        using var harness = new StubHarness(StubHarness.Create("slicer", 1024, 512, 10));
        harness.Stub.Start();
        var data = Sockets.RandomBytes(480_000);
        harness.Send(data);
        harness.Input.Writer.Complete();
        var pieces = await harness.ReadAllAsync(Limit);
        Assert.Multiple(() =>
        {
            Assert.That(pieces, Has.Count.InRange(240, 720));
            Assert.That(pieces.SelectMany(p => p).ToArray(), Is.EqualTo(data));
        });
    }

    [Test]
    public async Task PipeAsync_Avg1Var0On24Bytes_Exactly24Pieces()
    {
        using var harness = new StubHarness(StubHarness.Create("slicer", 1, 0, 0));
        harness.Stub.Start();
        harness.Send(Enumerable.Range(0, 24).Select(i => (byte)i).ToArray());
        harness.Input.Writer.Complete();
        var pieces = await harness.ReadAllAsync(Limit);
        Assert.That(pieces.Select(p => p.Length), Is.EqualTo(Enumerable.Repeat(1, 24)));
    }

    [Test]
    public void Boundaries_VariationEqualsAverage_StaysInsideChunk()
    {
        var toxic = (ServerSlicer)StubHarness.Create("slicer", 10, 10, 0);
        var random = new Random(3);
        for (var length = 1; length < 2000; length += 7)
        {
            var bounds = toxic.Boundaries(length, random);
            Assert.That(bounds, Is.Ordered.Ascending.And.Unique);
            Assert.That(bounds[^1], Is.EqualTo(length));
        }
    }

    [TestCase(0, 0, 0, "average_size")]
    [TestCase(10, 11, 0, "size_variation")]
    [TestCase(10, -1, 0, "size_variation")]
    [TestCase(10, 5, -1, "delay")]
    public void Validate_CrashingInputs_NamesTheAttribute(long average, long variation, long delay, string attribute)
    {
        Assert.That(ServerSlicer.Validate([average, variation, delay]), Does.Contain(attribute));
    }

    [Test]
    public async Task CreateToxic_AverageSizeZero_Returns400WithClearMessage()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        var reply = await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"slicer","attributes":{"average_size":0}}""");
        Assert.That(reply.Status, Is.EqualTo(400));
        Assert.That(reply.Body, Does.Contain("slicer: average_size must be between 1"));
        reply = await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"slicer","attributes":{"average_size":10,"size_variation":50}}""");
        Assert.That(reply.Status, Is.EqualTo(400));
        Assert.That(reply.Body, Does.Contain("size_variation must be between 0 and average_size"));
        Assert.That((await tp.SendAsync("GET", "/proxies/p/toxics")).Body, Is.EqualTo("[]"));
    }

    [Test]
    public async Task Proxy_SlicerDownstream_DeliversSameBytesInManyReads()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("slicer", upstream.Address);
        await proxy.AddToxicAsync(new SlicerToxic { AverageSizeBytes = 100, SizeVariationBytes = 50, DelayMicroseconds = 2000 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        var data = Sockets.RandomBytes(3000);
        await server.SendAsync(data);
        server.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var (bytes, reads) = await client.ReadAllCountingAsync().Within(Limit, "sliced read");
        Assert.That(bytes, Is.EqualTo(data));
        Assert.That(reads, Is.GreaterThanOrEqualTo(10));
    }
}
