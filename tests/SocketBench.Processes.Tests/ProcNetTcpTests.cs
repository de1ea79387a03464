using System.Net;

namespace SocketBench.Processes.Tests;

public class ProcNetTcpTests
{
    [Test]
    public void Parse_ListenRowIpv4_AddressPortStateInode()
    {
        var row = ProcNetTcp.Parse("   3: 0100007F:1F90 00000000:0000 0A 00000000:00000004 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0");

        Assert.That(row, Is.Not.Null);
        Assert.That(row!.Local, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 8080)));
        Assert.That(row.State, Is.EqualTo(ProcNetTcp.State.Listen));
        Assert.That(row.RxQueue, Is.EqualTo(4));
        Assert.That(row.Inode, Is.EqualTo(4242));
    }

    [Test]
    public void Parse_Ipv6Loopback_Decoded()
    {
        var row = ProcNetTcp.Parse("   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1");

        Assert.That(row!.Local, Is.EqualTo(new IPEndPoint(IPAddress.IPv6Loopback, 80)));
    }

    [TestCase("")]
    [TestCase("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode")]
    [TestCase("   0: zz:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 77 1")]
    public void Parse_NotARow_Null(string line) => Assert.That(ProcNetTcp.Parse(line), Is.Null);
}
