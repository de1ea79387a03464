using Microsoft.Extensions.Time.Testing;
using SocketBench.Load.Scheduling;
using SocketBench.Load.Stats;

namespace SocketBench.Load.Tests.Stats;

[TestFixture]
[Category("unit")]
public sealed class IntervalAggregatorTests
{
    [Test]
    public void Cut_IntervalWithoutCompletions_IsAGapNotZeroLatency()
    {
        var time = new FakeTimeProvider();
        var scenario = Scenario.Create("gap", _ => ValueTask.FromResult(Response.Ok()));
        using var run = new ScenarioRun(scenario, time, CancellationToken.None);
        var aggregator = new IntervalAggregator(run, time.GetTimestamp());
        run.Global.Record(Response.Ok(), 2000, 2000);
        time.Advance(TimeSpan.FromSeconds(1));

        var busy = aggregator.Cut();
        time.Advance(TimeSpan.FromSeconds(1));
        var idle = aggregator.Cut();

        Assert.That(busy.Ok, Is.EqualTo(1));
        Assert.That(busy.P50Ms, Is.EqualTo(2).Within(0.01));
        Assert.That(idle.Ok, Is.Zero);
        Assert.That(idle.OkRps, Is.Zero);
        Assert.That(idle.P50Ms, Is.Null, "no completions: no latency");
        Assert.That(idle.P95Ms, Is.Null);
        Assert.That(idle.P99Ms, Is.Null);
    }
}
