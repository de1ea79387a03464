using System.Net.Sockets;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests;

/// <summary>
/// When a toxic closes a whole connection (limit_data reached, timeout fired) the close is clean: each
/// peer gets a FIN, and bytes it still sends are read and dropped until its own FIN, so the kernel does
/// not answer them with a reset. A client that is still sending when the limit cuts it therefore
/// finishes its sends and its half-close, and reads a clean EOF (the chaos suite's limit-data-half
/// +receipt cell: the client then says "receipt: none").
/// </summary>
[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class CleanCloseTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Test]
    public async Task LimitData_ClientSendsAfterTheCut_SendsAndHalfCloseSucceedAndEofIsClean()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("cut", upstream.Address);
        await proxy.AddToxicAsync(new LimitDataToxic { Name = "cut", Stream = ToxicStream.Upstream, Bytes = 1024 });
        var message = Sockets.RandomBytes(64 * 1024, seed: 3);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();
        var serverReads = server.ReadToEndAsync();

        await client.SendAsync(message.AsMemory(0, 2048));
        Assert.That(await serverReads.Within(Limit, "the server gets the limit, then the proxy's FIN"), Is.EqualTo(message[..1024]));
        Assert.That(await client.ReceiveAsync(new byte[16], SocketFlags.None).Within(Limit, "the client's EOF"), Is.Zero, "the cut reaches the client as a FIN");

        // Still sending after the cut, as a client mid-message is: every byte is taken and dropped.
        await client.SendAsync(message.AsMemory(2048)).AsTask().Within(Limit, "the rest of the message");
        client.Shutdown(SocketShutdown.Send);
        await AssertClosedWithoutResetAsync(client);
    }

    [Test]
    public async Task LimitData_ServerRepliesAfterTheCut_ServerSendsWithoutReset()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var proxy = await tp.Client.CreateProxyAsync("cut", upstream.Address);
        await proxy.AddToxicAsync(new LimitDataToxic { Name = "cut", Stream = ToxicStream.Upstream, Bytes = 10 });
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        using var server = await upstream.NextAsync();

        await client.SendAsync(new byte[10]);
        Assert.That(await server.ReadToEndAsync().Within(Limit, "the limit, then the proxy's FIN"), Has.Length.EqualTo(10));

        // A server that answers after the client's (cut) end, as a receipt does: dropped, not reset.
        await server.SendAsync(new byte[4096]).Within(Limit, "the server's reply");
        server.Shutdown(SocketShutdown.Send);
        Assert.That(await client.ReadToEndAsync().Within(Limit, "the client's EOF"), Is.Empty, "the whole connection closed at the limit");
        await AssertClosedWithoutResetAsync(server);
    }

    /// <summary>
    /// Waits until the kernel has closed <paramref name="socket"/> (both FINs exchanged, or a reset), then
    /// checks no reset came: a reset after the peer's FIN is invisible to receive (it returns 0) but
    /// leaves its error pending on the socket, where a C client's next call would meet it.
    /// </summary>
    private static async Task AssertClosedWithoutResetAsync(Socket socket)
    {
        const int TcpClose = 7;
        const int IpProtoTcp = 6;
        const int TcpInfo = 11;
        var info = new byte[8];
        await Eventually.UntilAsync(() => socket.GetRawSocketOption(IpProtoTcp, TcpInfo, info) > 0 && info[0] == TcpClose, Limit, "the connection fully closed");
        Assert.That(socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error), Is.Zero, "the close was clean: no reset is pending on the socket");
    }
}
