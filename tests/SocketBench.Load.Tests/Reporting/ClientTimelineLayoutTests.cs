using SocketBench.Load.Reporting;

namespace SocketBench.Load.Tests.Reporting;

/// <summary>Issue 11: the geometry of the per-client timeline of scenarios 1-2.</summary>
[TestFixture]
[Category("unit")]
public sealed class ClientTimelineLayoutTests
{
    [Test]
    public void Rows_ServedClient_WaitsUntilHandshakeThenConnectedUntilServed()
    {
        var rows = ClientTimelineLayout.Rows([new ClientTrace(0, "queued", 0.01, 0.02, 0.30), new ClientTrace(1, "queued", 0.02, 0.03, 0.50)]);

        Assert.That(rows[0].Waiting, Is.EqualTo(new TimelineStretch(0.01, 0.02)));
        Assert.That(rows[0].Connected, Is.EqualTo(new TimelineStretch(0.02, 0.30)), "served at its own time, not at the end");
    }

    [Test]
    public void Rows_ClientStillInSynSent_WaitsUntilLatestTimeOfAnyTrace()
    {
        var rows = ClientTimelineLayout.Rows([new ClientTrace(0, "queued", 0, 0.001, 0.4), new ClientTrace(1, "waiting", 0.005, null, null), new ClientTrace(2, "queued", 0.01, 0.7, null)]);

        Assert.That(rows[1].Waiting, Is.EqualTo(new TimelineStretch(0.005, 0.7)), "the latest time is another client's handshake");
        Assert.That(rows[1].Connected, Is.Null);
    }

    [Test]
    public void Rows_JudgedAfterTheLastEvent_WaitingAndQueuedRunToTheJudgement()
    {
        var rows = ClientTimelineLayout.Rows([new ClientTrace(0, "queued", 0, 0.001, null, 0.5), new ClientTrace(1, "waiting", 0.005, null, null, 0.5)]);

        Assert.That(rows[0].Connected, Is.EqualTo(new TimelineStretch(0.001, 0.5)));
        Assert.That(rows[1].Waiting, Is.EqualTo(new TimelineStretch(0.005, 0.5)), "the last client waits until the judgement, not zero long");
    }

    [Test]
    public void Rows_QueuedNeverServed_ConnectedRunsToTheEnd()
    {
        var rows = ClientTimelineLayout.Rows([new ClientTrace(0, "queued", 0, 0.001, null), new ClientTrace(1, "queued", 0.005, 0.006, 1.2)]);

        Assert.That(rows[0].Waiting, Is.EqualTo(new TimelineStretch(0, 0.001)));
        Assert.That(rows[0].Connected, Is.EqualTo(new TimelineStretch(0.001, 1.2)));
    }

    [Test]
    public void Rows_ServedWithoutHandshake_NoWaitingStretch()
    {
        var rows = ClientTimelineLayout.Rows([new ClientTrace(0, "n/a", 0.1, null, 0.5), new ClientTrace(1, "queued", 0.2, 0.3, 0.9)]);

        Assert.That(rows[0].Waiting, Is.EqualTo(new TimelineStretch(0.1, 0.1)));
        Assert.That(rows[0].Connected, Is.Null);
    }

    [Test]
    public void Rows_TracesOutOfOrder_RowsInConnectOrderThenClientNumber()
    {
        var rows = ClientTimelineLayout.Rows([new ClientTrace(2, "waiting", 0.03, null, null), new ClientTrace(5, "queued", 0.01, 0.012, null), new ClientTrace(0, "queued", 0.01, 0.011, null), new ClientTrace(7, "queued", 0, 0.001, null)]);

        Assert.That(rows.Select(r => r.Trace.Client), Is.EqualTo(new[] { 7, 0, 5, 2 }));
        Assert.That(rows.Select(r => r.Row), Is.EqualTo(new[] { 0, 1, 2, 3 }));
    }

    [Test]
    public void Rows_NoTraces_NoRows() => Assert.That(ClientTimelineLayout.Rows([]), Is.Empty);
}
