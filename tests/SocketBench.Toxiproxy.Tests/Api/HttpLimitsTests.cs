using System.Net.Sockets;
using System.Text;
using SocketBench.Toxiproxy.Api;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Api;

/// <summary>
/// The API is a network service (issue 11): every limit is hit over a real socket, answered with its own
/// status or closed by its deadline, and the server keeps serving others afterwards.
/// </summary>
[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class HttpLimitsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Sends a raw request, expects its refusal and a close, then checks the server still serves.</summary>
    private static async Task ExpectRefusalAsync(string request, string statusLine)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using (var socket = await RawHttp.ConnectAsync(tp.Server))
        {
            await socket.SendTextAsync(request);
            Assert.That(RawHttp.StatusLine(await socket.ReadUntilCloseAsync(Limit)), Is.EqualTo(statusLine));
        }

        Assert.That((await tp.SendAsync("GET", "/version")).Status, Is.EqualTo(200), "the server keeps serving after the refusal");
    }

    [Test]
    public Task Head_LargerThan64KiB_431AndClosed() => ExpectRefusalAsync(
        "GET /proxies HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('a', 70 * 1024),
        "HTTP/1.1 431 Request Header Fields Too Large");

    [TestCase("16777217")]
    [TestCase("99999999999")]
    public Task Body_ContentLengthOver16MiB_413WithoutReadingIt(string length) => ExpectRefusalAsync(
        $"POST /populate HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n[",
        "HTTP/1.1 413 Request Entity Too Large");

    /// <summary>Before the fix, 1 + 0x7fffffff wrapped the int check and the server waited for 2 GiB, growing its buffer.</summary>
    [Test]
    public Task Chunked_OneByteThen7fffffff_413AtOnce() => ExpectRefusalAsync(
        "POST /populate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n[\r\n7fffffff\r\n",
        "HTTP/1.1 413 Request Entity Too Large");

    [TestCase("ffffffffffffffff")]
    [TestCase("10000000000000000")]
    [TestCase("zz")]
    public Task Chunked_SizeNegativeOrTooLongOrNotHex_400(string size) => ExpectRefusalAsync(
        $"POST /populate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n[\r\n{size}\r\n",
        "HTTP/1.1 400 Bad Request");

    [Test]
    public async Task Chunked_WithinLimit_BodyAssembled()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var socket = await RawHttp.ConnectAsync(tp.Server);
        await socket.SendTextAsync("POST /populate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + Chunk("[") + Chunk("""{"name":"c","upstream":"127.0.0.1:1","enabled":false}""") + Chunk("]") + "0\r\n\r\n");
        var response = await socket.ReadUntilCloseAsync(Limit);
        Assert.That(RawHttp.StatusLine(response), Is.EqualTo("HTTP/1.1 201 Created"), response);
        Assert.That((await tp.Client.GetProxiesAsync()).Keys, Is.EqualTo(new[] { "c" }));
    }

    private static string Chunk(string data) => $"{data.Length:x}\r\n{data}\r\n";

    [TestCase(0L, 16L * 1024 * 1024, true)]
    [TestCase(1L, 16L * 1024 * 1024, false)]
    [TestCase(1L, 0x7fffffffL, false)]
    [TestCase(16L * 1024 * 1024, long.MaxValue, false)]
    public void FitsInBody_CheckedArithmetic_NeverWraps(long written, long size, bool fits)
    {
        Assert.That(HttpConnection.FitsInBody(written, size), Is.EqualTo(fits));
    }

    [Test]
    public async Task SlowSender_TricklingHead_CutAtReadTimeout()
    {
        // Activity never stops, so only a whole-request deadline (not the idle one) can end it.
        await using var tp = await TestToxiproxy.StartAsync(o =>
        {
            o.ApiReadTimeout = TimeSpan.FromSeconds(1);
            o.ApiIdleTimeout = TimeSpan.FromHours(1);
        });
        using var socket = await RawHttp.ConnectAsync(tp.Server);
        var closed = socket.ReadUntilCloseAsync(TimeSpan.FromSeconds(30));
        await socket.SendTextAsync("GET /proxies HTTP/1.1\r\nX-Slow: ");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        for (var i = 0; i < 400 && !closed.IsCompleted; i++)
        {
            try
            {
                await socket.SendTextAsync("a");
            }
            catch (SocketException)
            {
                break; // the server closed and the peer reset our next byte
            }

            await pace.WaitForNextTickAsync();
        }

        Assert.That(await closed.Within(TimeSpan.FromSeconds(15), "server close"), Is.Empty, "a deadline closes without an answer");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "cut by the 1 s read timeout, long before the 20 s trickle ends");
    }

    [Test]
    public async Task IdleConnection_ClosedAtIdleTimeout()
    {
        await using var tp = await TestToxiproxy.StartAsync(o => o.ApiIdleTimeout = TimeSpan.FromMilliseconds(300));
        using var socket = await RawHttp.ConnectAsync(tp.Server);
        Assert.That(await socket.ReadUntilCloseAsync(Limit), Is.Empty);
    }

    [Test]
    public async Task TooManyConnections_OneOverTheCap503_ThenServedWhenASlotFrees()
    {
        await using var tp = await TestToxiproxy.StartAsync(o => o.MaxApiConnections = 3);
        var held = new List<Socket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var socket = await RawHttp.ConnectAsync(tp.Server);
                held.Add(socket);
                await socket.SendTextAsync("GET /version HTTP/1.1\r\nHost: x\r\n\r\n");
                Assert.That(RawHttp.StatusLine(await socket.ReadOneResponseAsync(Limit)), Is.EqualTo("HTTP/1.1 200 OK"));
            }

            using (var over = await RawHttp.ConnectAsync(tp.Server))
            {
                var refused = await over.ReadUntilCloseAsync(Limit);
                Assert.That(RawHttp.StatusLine(refused), Is.EqualTo("HTTP/1.1 503 Service Unavailable"));
                Assert.That(refused, Does.EndWith("too many API connections\n"));
            }

            held[0].Dispose();
            await Eventually.UntilAsync(() => tp.Server.OpenApiConnections == 2, Limit, "the closed connection frees its slot");
            Assert.That(tp.Server.OpenApiConnections, Is.EqualTo(2), "the refused connection never held a slot");
            Assert.That((await tp.SendAsync("GET", "/version")).Status, Is.EqualTo(200));
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    [Test]
    public async Task WriteDeadline_PeerNeverReads_ConnectionDropped()
    {
        await using var tp = await TestToxiproxy.StartAsync(o => o.ApiWriteTimeout = TimeSpan.FromMilliseconds(500));
        var upstream = new string('u', 1024 * 1024);
        var created = await tp.SendAsync("POST", "/proxies", $$"""{"name":"big","upstream":"{{upstream}}","enabled":false}""");
        Assert.That(created.Status, Is.EqualTo(201));

        // 32 responses of 1 MiB against a 4 KiB receive window that is never read: the server's send must block.
        var others = tp.Server.OpenApiConnections; // the HttpClient's kept-alive connection
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(tp.Server.ApiEndPoint);
        var request = string.Concat(Enumerable.Repeat("GET /proxies/big HTTP/1.1\r\nHost: x\r\n\r\n", 32));
        await socket.SendTextAsync(request);
        await Eventually.UntilAsync(() => tp.Server.OpenApiConnections == others + 1, Limit, "connection accepted");
        await Eventually.UntilAsync(() => tp.Server.OpenApiConnections == others, TimeSpan.FromSeconds(20), "the blocked write hits its deadline");
        var received = await socket.ReadUntilCloseAsync(TimeSpan.FromSeconds(30));
        Assert.That(received.Length, Is.LessThan(32 * 1024 * 1024), "the connection ended before every response was written");
    }

    [Test]
    public async Task Json_NestedDeeperThan64_400ExceededMaxDepth()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var deep = new StringBuilder().Append('[', 100).Append(']', 100).ToString();
        var reply = await tp.SendAsync("POST", "/populate", deep);
        Assert.That(reply.Status, Is.EqualTo(400));
        Assert.That(reply.Body, Does.Contain("bad request body: exceeded max depth"));
        var fine = new StringBuilder().Append('[').Append("""{"name":"d","upstream":"127.0.0.1:1","enabled":false,"x":""").Append('[', 40).Append(']', 40).Append("}]").ToString();
        Assert.That((await tp.SendAsync("POST", "/populate", fine)).Status, Is.EqualTo(201), "40 levels are fine");
    }
}
