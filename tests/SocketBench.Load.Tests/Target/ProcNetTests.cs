using SocketBench.Load.Target;

namespace SocketBench.Load.Tests.Server;

[TestFixture]
[Category("unit")]
public sealed class ProcNetTests
{
    private static readonly string[] Tcp =
    [
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
        "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000006 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0",
        "   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1235 1 0000000000000000 20 4 30 10 -1",
        "   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99 1 0000000000000000 100 0 0 10 0",
    ];

    [Test]
    public void ParseAcceptQueue_ListenRowOfPort_ReturnsRxQueue() => Assert.That(ProcNet.ParseAcceptQueue(Tcp, 8080), Is.EqualTo(6));

    [Test]
    public void ParseAcceptQueue_NoListenRow_ReturnsNull() => Assert.That(ProcNet.ParseAcceptQueue(Tcp, 5000), Is.Null);

    [Test]
    public void ParseRows_ProcNetTcp_ReadsPortsStateAndQueues()
    {
        var rows = ProcNet.ParseRows(Tcp).ToList();

        Assert.That(rows, Has.Count.EqualTo(3));
        Assert.That(rows[0], Is.EqualTo(new TcpRow(8080, 0, ProcNet.Listen, 0, 6)));
        Assert.That(rows[1], Is.EqualTo(new TcpRow(8080, 0xD431, ProcNet.Established, 0, 0)));
    }

    [Test]
    public void ParseNetstat_TcpExtListenOverflows_ReadsTheValueUnderItsName()
    {
        string[] lines = ["TcpExt: SyncookiesSent ListenOverflows ListenDrops", "TcpExt: 0 35 40", "IpExt: InNoRoutes", "IpExt: 0"];

        Assert.That(ProcNet.ParseNetstat(lines, "TcpExt:", "ListenOverflows"), Is.EqualTo(35));
    }

    [TestCase("server: listening on 127.0.0.1 port 44639 (backlog 5)", 44639)]
    [TestCase("listening on [::] port 5000", 5000)]
    [TestCase("port=123", 123)]
    [TestCase("starting, no port yet", null)]
    public void ParsePort_StartLine_ReadsTheNumberAfterPort(string line, int? port) => Assert.That(ServerProcess.ParsePort(line), Is.EqualTo(port));

    [Test]
    public void ParseTimeWait_SockstatTcpLine_ReadsTw()
    {
        string[] lines = ["sockets: used 312", "TCP: inuse 12 orphan 0 tw 27513 alloc 40 mem 3", "UDP: inuse 1 mem 0"];

        Assert.That(ProcNet.ParseTimeWait(lines), Is.EqualTo(27513));
    }
}
