using System.Diagnostics;
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
    [Retry(3)] // timing under a loaded 2-core machine: strict bounds, retried on a stall
    public async Task Proxy_Timeout200Idle_ClosesBothSidesAfter200Ms()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("to", upstream.Address);
        await proxy.AddToxicAsync(new TimeoutToxic { Stream = ToxicStream.Upstream, TimeoutMilliseconds = 200 });
        var clock = Stopwatch.StartNew();
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        Assert.That(await IsClosedAsync(client).Within(TimeSpan.FromSeconds(3), "client close"), Is.True);
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.InRange(190, 450), "idle timeout ms");
        Assert.That(await IsClosedAsync(server).Within(TimeSpan.FromSeconds(3), "server close"), Is.True);
    }

    [Test]
    [Retry(3)] // timing under a loaded 2-core machine: strict bounds, retried on a stall
    public async Task Proxy_TimeoutWithTraffic_DropsBytesAndRestartsTimer()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("to", upstream.Address);
        await proxy.AddToxicAsync(new TimeoutToxic { Stream = ToxicStream.Upstream, TimeoutMilliseconds = 600 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 4; i++)
        {
            try
            {
                await client.SendAsync("ping"u8.ToArray());
            }
            catch (SocketException)
            {
                break; // a stall longer than the timeout closed it early: the bound below fails and the test is retried
            }

            await Task.Delay(150);
        }

        Assert.That(await IsClosedAsync(server).Within(TimeSpan.FromSeconds(3), "server close"), Is.True);
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.GreaterThan(1000), "timer restarted by each dropped chunk (last chunk at ~450 ms + 600 ms)");
    }

    [Test]
    public async Task RemoveToxic_Timeout0_ClosesConnectionWithinOneSecond()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("to", upstream.Address);
        await proxy.AddToxicAsync(new TimeoutToxic { Name = "t", Stream = ToxicStream.Upstream });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await client.SendAsync("eaten"u8.ToArray());
        await proxy.RemoveToxicAsync("t").Within(TimeSpan.FromSeconds(1), "remove");
        Assert.That(await IsClosedAsync(client).Within(TimeSpan.FromSeconds(1), "client EOF"), Is.True);
        Assert.That(await IsClosedAsync(server).Within(TimeSpan.FromSeconds(1), "server EOF"), Is.True);
    }

    [Test]
    public async Task RemoveToxic_LatencyBeforeTimeout0_ReturnsWithinOneSecond()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("to", upstream.Address);
        await proxy.AddToxicAsync(new LatencyToxic { Name = "lat", Stream = ToxicStream.Upstream, LatencyMilliseconds = 10 });
        await proxy.AddToxicAsync(new TimeoutToxic { Name = "t", Stream = ToxicStream.Upstream });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await client.SendAsync(new byte[1000]);
        await proxy.RemoveToxicAsync("lat").Within(TimeSpan.FromSeconds(1), "remove latency before timeout");
    }
}
