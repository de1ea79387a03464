using SocketBench.Load.Scenarios;
using SocketBench.Load.Target;

namespace SocketBench.Load.Tests.Scenarios;

[TestFixture]
[Category("unit")]
public sealed class QueueJudgementTests
{
    private const int Server = 8080;

    [Test]
    public void From_ServerSideEstablishedAndClientSynSent_QueuedAndWaitingPerClient()
    {
        TcpRow[] rows =
        [
            new(Server, 0, ProcNet.Listen, 0, 2),
            new(Server, 40001, ProcNet.Established, 0, 0), // server side of client 40001: queued
            new(40001, Server, ProcNet.Established, 0, 0),
            new(Server, 40002, ProcNet.Established, 0, 0),
            new(40002, Server, ProcNet.Established, 0, 0),
            new(40003, Server, ProcNet.SynSent, 0, 0), // SYN dropped: waiting
            new(40009, Server, ProcNet.SynSent, 0, 0), // not one of ours
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
        TcpRow[] rows = [new(Server, 0, ProcNet.Listen, 0, 0), new(40001, Server, ProcNet.Established, 0, 0)];

        var j = QueueJudgement.From(rows, Server, [40001], at: 1);

        Assert.That(j.Settled, Is.False);
        Assert.That(j.QueuedCount, Is.Zero);
        Assert.That(j.StateOf(40001), Is.EqualTo("state_01"));
    }
}
