using System.Net;
using SocketBench.Load.Scenarios;
using SocketBench.Processes;

namespace SocketBench.Load.Tests.Scenarios;

[TestFixture]
[Category("unit")]
public sealed class QueueJudgementTests
{
    private const int Server = 8080;

    [Test]
    public void From_ServerSideEstablishedAndClientSynSent_QueuedAndWaitingPerClient()
    {
        ProcNetTcp.Row[] rows =
        [
            Row(Server, 0, ProcNetTcp.State.Listen, 2),
            Row(Server, 40001, ProcNetTcp.State.Established, 0), // server side of client 40001: queued
            Row(40001, Server, ProcNetTcp.State.Established, 0),
            Row(Server, 40002, ProcNetTcp.State.Established, 0),
            Row(40002, Server, ProcNetTcp.State.Established, 0),
            Row(40003, Server, ProcNetTcp.State.SynSent, 0), // SYN dropped: waiting
            Row(40009, Server, ProcNetTcp.State.SynSent, 0), // not one of ours
        ];

        var j = QueueJudgement.From(rows, Server, [40001, 40002, 40003], at: 7);

        Assert.That(j.Settled, Is.True);
        Assert.That(j.AcceptQueue, Is.EqualTo(2));
        Assert.That((j.QueuedCount, j.WaitingCount), Is.EqualTo((2, 1)));
        Assert.That(j.StateOf(40001), Is.EqualTo(QueueJudgement.Queued));
        Assert.That(j.StateOf(40003), Is.EqualTo(QueueJudgement.Waiting));
    }

    [Test]
    public void From_ClientEstablishedButServerSideMissing_IsNotQueuedAndNotSettled()
    {
        // The client finished its handshake but the server side is not (yet) an established child:
        // the judgement must not count it as queued, and waits (not settled).
        ProcNetTcp.Row[] rows = [Row(Server, 0, ProcNetTcp.State.Listen, 0), Row(40001, Server, ProcNetTcp.State.Established, 0)];

        var j = QueueJudgement.From(rows, Server, [40001], at: 1);

        Assert.That(j.Settled, Is.False);
        Assert.That(j.QueuedCount, Is.Zero);
        Assert.That(j.StateOf(40001), Is.EqualTo("state_01"));
    }

    private static ProcNetTcp.Row Row(int localPort, int remotePort, ProcNetTcp.State state, long rxQueue) =>
        new(new IPEndPoint(IPAddress.Loopback, localPort), new IPEndPoint(IPAddress.Loopback, remotePort), state, 0, rxQueue, 0);
}
