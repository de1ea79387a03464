using System.Net;
using System.Net.Sockets;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ProxyTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    [TestCase(11)]
    [TestCase(64 * 1024)]
    [TestCase(4 * 1024 * 1024)]
    public async Task Proxy_Message_ArrivesIntact(int size)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("p", echo.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        var data = Sockets.RandomBytes(size);
        var send = client.SendAsync(data);
        Assert.That(await client.ReadExactlyAsync(size).Within(Limit, "echo"), Is.EqualTo(data));
        await send;
    }

    [Test]
    public async Task Proxy_TwoPartMessage_ArrivesIntact()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("p", echo.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        await client.SendAsync("hello "u8.ToArray());
        await client.SendAsync("world"u8.ToArray());
        Assert.That(await client.ReadExactlyAsync(11).Within(Limit, "echo"), Is.EqualTo("hello world"u8.ToArray()));
    }

    [Test]
    public async Task Proxy_UpstreamDown_ClientGetsEof()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        var read = client.ReceiveAsync(new byte[8], SocketFlags.None);
        Assert.That(await read.Within(Limit, "EOF"), Is.Zero);
    }

    [Test]
    public async Task Proxy_UpstreamWithoutPort_AcceptedAndClientGetsEof()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "nonsense");
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        Assert.That(await client.ReceiveAsync(new byte[8], SocketFlags.None).Within(Limit, "EOF"), Is.Zero);
    }

    [Test]
    public async Task Disable_LiveConnection_ClosedAndNewConnectsRefused()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("p", upstream.Address);
        var port = proxy.ListenPort;
        using var client = await Sockets.ConnectAsync(port);
        using var server = await upstream.NextAsync();

        await proxy.DisableAsync();
        Assert.That(await client.ReadToEndAsync().Within(Limit, "client EOF"), Is.Empty);
        Assert.That(await server.ReadToEndAsync().Within(Limit, "server EOF"), Is.Empty);
        var refused = Assert.ThrowsAsync<SocketException>(async () => await Sockets.ConnectAsync(port));
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));

        await proxy.EnableAsync();
        Assert.That(proxy.ListenPort, Is.EqualTo(port), "re-enabling rebinds the stored port");
        using var again = await Sockets.ConnectAsync(port);
        await upstream.NextAsync();
    }

    [Test]
    public async Task Disable_ThreeTimes_IsSafe()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        await proxy.DisableAsync();
        await proxy.DisableAsync();
        await proxy.DisableAsync();
        Assert.That(proxy.Enabled, Is.False);
    }

    [Test]
    public async Task Delete_LiveConnection_ClosesIt()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("p", upstream.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await proxy.DeleteAsync();
        Assert.That(await client.ReadToEndAsync().Within(Limit, "client EOF"), Is.Empty);
    }

    [Test]
    public async Task Update_ListenToPortZero_ChangesPort()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        var before = proxy.ListenPort;
        await proxy.SetAddressesAsync(listen: new ListenAddress("localhost:0"));
        Assert.That(proxy.ListenPort, Is.Not.EqualTo(before).And.Not.Zero);
        Assert.That(proxy.Listen, Does.StartWith("127.0.0.1:"));
    }

    [Test]
    public async Task Update_SameListenSpelledLocalhost_KeepsLiveConnection()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("p", echo.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        await proxy.SetAddressesAsync(listen: new ListenAddress($"localhost:{proxy.ListenPort}"), upstream: echo.Address);
        await client.SendAsync("still"u8.ToArray());
        Assert.That(await client.ReadExactlyAsync(5).Within(Limit, "echo on the kept connection"), Is.EqualTo("still"u8.ToArray()));
    }
}
