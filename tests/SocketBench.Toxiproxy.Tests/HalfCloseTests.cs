using System.Net.Sockets;
using System.Text.Json;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests;

/// <summary>
/// Issue 13: a proxy without toxics is transparent to half-close. A client's FIN reaches the server as
/// a FIN, the server's reply still reaches the client, and the client's EOF comes only from the
/// server's own close; <c>"half_close": false</c> keeps Toxiproxy's "any end closes both".
/// </summary>
[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class HalfCloseTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>How the link carries the bytes: direct copy, the toxic chain, or bulk (splice).</summary>
    public enum Path
    {
        Direct,
        Chain,
        Bulk,
    }

    [TestCase(Path.Direct)]
    [TestCase(Path.Chain)]
    [TestCase(Path.Bulk)]
    public async Task ClientHalfClose_ServerRepliesAfterEof_ClientGetsReplyThenServersClose(Path path)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("hc", upstream.Address);
        if (path == Path.Chain)
        {
            await proxy.AddToxicAsync(new NoopToxic { Name = "up", Stream = ToxicStream.Upstream });
            await proxy.AddToxicAsync(new NoopToxic { Name = "down", Stream = ToxicStream.Downstream });
        }

        var size = path == Path.Bulk ? 8 * 1024 * 1024 : 64;
        var request = Sockets.RandomBytes(size, seed: 1);
        var reply = Sockets.RandomBytes(size, seed: 2);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();

        var clientReads = client.ReadToEndAsync();
        var serverReads = server.ReadToEndAsync();
        await client.SendAsync(request);
        client.Shutdown(SocketShutdown.Send);
        Assert.That(await serverReads.Within(Limit, "server sees the request and the client's FIN"), Is.EqualTo(request));
        Assert.That(clientReads.IsCompleted, Is.False, "the client's half-close must not end the server-to-client direction");

        await server.SendAsync(reply);
        server.Shutdown(SocketShutdown.Send);
        Assert.That(await clientReads.Within(Limit, "client reads the reply, then the server's FIN"), Is.EqualTo(reply));
    }

    [Test]
    public async Task ServerHalfClose_ClientKeepsSending_ServerReceivesUntilClientsFin()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("hc", upstream.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();

        await server.SendAsync("banner"u8.ToArray());
        server.Shutdown(SocketShutdown.Send);
        Assert.That(await client.ReadToEndAsync().Within(Limit, "client sees the banner and the server's FIN"), Is.EqualTo("banner"u8.ToArray()));

        await client.SendAsync("still talking"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);
        Assert.That(await server.ReadToEndAsync().Within(Limit, "server reads after its own half-close"), Is.EqualTo("still talking"u8.ToArray()));
    }

    [Test]
    public async Task HalfCloseFalse_ClientHalfClose_EndsWholeConnectionAsToxiproxy()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var created = await tp.SendAsync("POST", "/proxies", $$"""{"name":"legacy","listen":"127.0.0.1:0","upstream":"{{upstream.Address}}","half_close":false}""");
        Assert.That(created.Status, Is.EqualTo(201), created.Body);
        using var json = JsonDocument.Parse(created.Body);
        Assert.That(json.RootElement.GetProperty("half_close").GetBoolean(), Is.False, "the extension reads back");
        var port = int.Parse(json.RootElement.GetProperty("listen").GetString()!.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);

        using var client = await Sockets.ConnectAsync(port);
        using var server = await upstream.NextAsync();
        await client.SendAsync("request"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);
        Assert.That(await server.ReadToEndAsync().Within(Limit, "server sees data and EOF"), Is.EqualTo("request"u8.ToArray()));
        Assert.That(await client.ReadToEndAsync().Within(Limit, "client sees EOF though the server never closed"), Is.Empty);
    }

    [Test]
    public async Task UpdateProxy_HalfCloseTrueAgain_NewConnectionsPassHalfClose()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("hc", upstream.Address);
        var off = await tp.SendAsync("PATCH", "/proxies/hc", """{"half_close":false}""");
        Assert.That(off.Body, Does.Contain("\"half_close\":false"));
        var on = await tp.SendAsync("PATCH", "/proxies/hc", """{"half_close":true}""");
        Assert.That(on.Status, Is.EqualTo(200));
        Assert.That(on.Body, Does.Not.Contain("half_close"), "the default is not emitted, so responses stay Toxiproxy's");

        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        client.Shutdown(SocketShutdown.Send);
        Assert.That(await server.ReadToEndAsync().Within(Limit, "server FIN"), Is.Empty);
        await server.SendAsync("late"u8.ToArray());
        server.Close();
        Assert.That(await client.ReadToEndAsync().Within(Limit, "reply after the client's FIN"), Is.EqualTo("late"u8.ToArray()));
    }

    [Test]
    public async Task TypedClient_HalfCloseField_PopulatesReadsBackAndPatches()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var populated = await tp.Client.PopulateAsync([new ProxyDefinition("legacy", upstream.Address, ListenAddress.LoopbackAnyPort) { HalfClose = false }]);
        Assert.That(populated.Single().HalfClose, Is.False, "populate sends half_close:false and reads it back");
        var proxy = await tp.Client.GetProxyAsync("legacy");
        Assert.That(proxy.Info.HalfClose, Is.False);

        using (var client = await Sockets.ConnectAsync(proxy.ListenPort))
        using (var server = await upstream.NextAsync())
        {
            client.Shutdown(SocketShutdown.Send);
            Assert.That(await client.ReadToEndAsync().Within(Limit, "Toxiproxy's behaviour: the client's FIN closes both sides"), Is.Empty);
        }

        await proxy.SetHalfCloseAsync(passThrough: true);
        Assert.That(proxy.Info.HalfClose, Is.Null, "pass-through is the default and is not emitted");
        using var again = await Sockets.ConnectAsync(proxy.ListenPort);
        using var upstreamSide = await upstream.NextAsync();
        again.Shutdown(SocketShutdown.Send);
        Assert.That(await upstreamSide.ReadToEndAsync().Within(Limit, "the client's FIN reaches the server"), Is.Empty);
        await upstreamSide.SendAsync("late"u8.ToArray());
        upstreamSide.Shutdown(SocketShutdown.Send);
        Assert.That(await again.ReadToEndAsync().Within(Limit, "the reply after the client's FIN still arrives"), Is.EqualTo("late"u8.ToArray()));
    }

    [Test]
    public async Task ServerResets_ClientSeesResetNotCleanEof()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("hc", upstream.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        await client.SendAsync("x"u8.ToArray());
        await server.ReadExactlyAsync(1).Within(Limit, "first byte");
        server.LingerState = new LingerOption(true, 0);
        server.Close();
        var error = Assert.ThrowsAsync<SocketException>(async () => await client.ReceiveAsync(new byte[8], SocketFlags.None).Within(Limit, "reset"));
        Assert.That(error!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionReset), "a truncation the server signalled must not look like a clean end");
    }
}
