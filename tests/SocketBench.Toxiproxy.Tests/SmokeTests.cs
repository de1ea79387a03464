using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;
using SocketBench.Toxiproxy.Tests.Toxics;

namespace SocketBench.Toxiproxy.Tests;

/// <summary>
/// A few real-socket, real-clock checks of the toxics' timing, with wide upper bounds for a loaded
/// machine (a delay can only come out longer, so the lower bounds are firm). Everything else drives
/// time with <see cref="SteppedClock"/>. Category "smoke": run alone, not in <c>make unit</c>.
/// </summary>
[TestFixture]
[Category("smoke")]
[Category("toxiproxy")]
[NonParallelizable]
public sealed class SmokeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [TestCase(ToxicStream.Upstream)]
    [TestCase(ToxicStream.Downstream)]
    public async Task Latency100_OneWay_TakesAtLeast100Ms(ToxicStream stream)
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
        Assert.That(got, Is.EqualTo(message));
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.InRange(95, 3000), "one-way latency ms");
    }

    [Test]
    public async Task Latency100BothWays_RoundTrip_TakesAtLeast200Ms()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("lat", echo.Address);
        await proxy.AddToxicAsync(new LatencyToxic { Stream = ToxicStream.Upstream, LatencyMilliseconds = 100 });
        await proxy.AddToxicAsync(new LatencyToxic { Stream = ToxicStream.Downstream, LatencyMilliseconds = 100 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);

        var clock = Stopwatch.StartNew();
        await client.SendAsync("hello world"u8.ToArray());
        Assert.That(await client.ReadExactlyAsync(11).Within(Limit, "round trip"), Is.EqualTo("hello world"u8.ToArray()));
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.InRange(195, 3000), "round trip ms");
    }

    [Test]
    public async Task Bandwidth1000KBps_480000Bytes_TakeAtLeast440Ms()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("bw", upstream.Address);
        await proxy.AddToxicAsync(new BandwidthToxic { Stream = ToxicStream.Upstream, RateKilobytesPerSecond = 1000 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        var data = Sockets.RandomBytes(480_000);

        var clock = Stopwatch.StartNew();
        var send = client.SendAsync(data);
        var got = await server.ReadExactlyAsync(data.Length).Within(Limit, "bandwidth transfer");
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await send;
        Assert.That(got, Is.EqualTo(data));
        Assert.That(elapsed, Is.InRange(440, 5000), "480 KB at 1000 KB/s, ms");
    }

    [TestCase(ToxicStream.Upstream)]
    [TestCase(ToxicStream.Downstream)]
    public async Task ResetPeerTimeout100_ClientGetsEconnresetNotBefore100Ms(ToxicStream stream)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("rst", echo.Address);
        await proxy.AddToxicAsync(new ResetPeerToxic { Stream = stream, TimeoutMilliseconds = 100 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        await client.SendAsync("hello"u8.ToArray());
        var elapsed = await ResetPeerToxicTests.ExpectResetAsync(client);
        Assert.That(elapsed, Is.InRange(90, 3000), "reset after the 100 ms timeout, never at once");
    }

    [Test]
    public async Task SlowClose300_DataAtOnceEofNotBefore300Ms()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("sc", upstream.Address);
        await proxy.AddToxicAsync(new SlowCloseToxic { DelayMilliseconds = 300 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await server.SendAsync("data"u8.ToArray());
        Assert.That(await client.ReadExactlyAsync(4).Within(Limit, "data"), Is.EqualTo("data"u8.ToArray()));
        var clock = Stopwatch.StartNew();
        server.Close();
        Assert.That(await client.ReadToEndAsync().Within(Limit, "EOF"), Is.Empty);
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.InRange(290, 3000), "close delay ms");
    }

    [Test]
    public async Task Accept_SlowUpstreamDial_DoesNotStallOtherClients()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        // Fill the upstream's accept queue until a connect hangs: the proxy's next dial then hangs in SYN retries.
        var fillers = new List<Socket>();
        while (true)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            fillers.Add(filler);
            using var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await filler.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), patience.Token);
            }
            catch (OperationCanceledException)
            {
                break; // the queue is full: this connect sits in SYN retries
            }

            Assert.That(fillers, Has.Count.LessThan(64), "accept queue never filled");
        }

        var proxy = await tp.Client.CreateProxyAsync("p", $"127.0.0.1:{port}");
        using var stalled = await Sockets.ConnectAsync(proxy.ListenPort);

        // Free the queue and echo on every accepted socket; a second client must get through without
        // waiting for the first dial (a synchronous dial would hold the accept loop for the SYN retry).
        using var stop = new CancellationTokenSource();
        var accepted = new List<Socket>();
        var serve = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var s = await listener.AcceptAsync(stop.Token);
                lock (accepted)
                {
                    accepted.Add(s);
                }

                _ = Task.Run(async () =>
                {
                    var buffer = new byte[16];
                    int n;
                    while ((n = await s.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                    {
                        await s.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                    }
                });
            }
        });
        await Eventually.UntilAsync(
            () => { lock (accepted) { return accepted.Count >= fillers.Count - 1; } },
            TimeSpan.FromSeconds(5),
            "queued fillers accepted");
        using var second = await Sockets.ConnectAsync(proxy.ListenPort);
        await second.SendAsync("fast"u8.ToArray());
        Assert.That(await second.ReadExactlyAsync(4).Within(TimeSpan.FromMilliseconds(700), "second client served while the first dial hangs"), Is.EqualTo("fast"u8.ToArray()));
        await stop.CancelAsync();
        try
        {
            await serve;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        fillers.ForEach(s => s.Dispose());
        accepted.ForEach(s => s.Dispose());
    }
}
