using System.Net;
using System.Net.Sockets;

namespace SocketBench.Processes.Tests;

public class NetStatTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Test]
    public void ParseCounter_TcpExtListenOverflows_ReadsTheValueUnderItsName()
    {
        string[] lines = ["TcpExt: SyncookiesSent ListenOverflows ListenDrops", "TcpExt: 0 35 40", "IpExt: InNoRoutes", "IpExt: 0"];

        Assert.That(NetStat.ParseCounter(lines, "TcpExt:", "ListenOverflows"), Is.EqualTo(35));
        Assert.That(NetStat.ParseCounter(lines, "TcpExt:", "NoSuchCounter"), Is.EqualTo(-1));
    }

    [Test]
    public void ParseTimeWait_SockstatTcpLine_ReadsTw()
    {
        string[] lines = ["sockets: used 312", "TCP: inuse 12 orphan 0 tw 27513 alloc 40 mem 3", "UDP: inuse 1 mem 0"];

        Assert.That(NetStat.ParseTimeWait(lines), Is.EqualTo(27513));
        Assert.That(NetStat.ParseTimeWait(["UDP: inuse 1 mem 0"]), Is.EqualTo(-1));
    }

    [Test]
    public async Task ListenOverflows_ConnectsBeyondAFullAcceptQueue_Counted()
    {
        // A listener that never accepts holds backlog+1 connections; the kernel drops the SYNs of the rest and counts them.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var before = NetStat.ListenOverflows();
        Assert.That(before, Is.GreaterThanOrEqualTo(0), "/proc/net/netstat readable");
        var clients = Enumerable.Range(0, 8).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToList();
        try
        {
            _ = clients.Select(c => c.ConnectAsync(listener.LocalEndPoint!)).ToList();

            Assert.That(await Poll.UntilAsync(() => NetStat.ListenOverflows() > before, Long), Is.True, $"ListenOverflows stayed at {before}");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public async Task TimeWaitSockets_AfterAnActiveClose_CountsIt()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(listener.LocalEndPoint!);
            using var served = await listener.AcceptAsync();
            client.Shutdown(SocketShutdown.Both);
            Assert.That(await served.ReceiveAsync(new byte[1]), Is.Zero);
        }

        // The client closed first: its end waits in TIME_WAIT for a minute.
        Assert.That(await Poll.UntilAsync(() => NetStat.TimeWaitSockets() >= 1, Long), Is.True, $"tw {NetStat.TimeWaitSockets()}");
    }
}
