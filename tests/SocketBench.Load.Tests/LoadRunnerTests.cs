using SocketBench.Load.Stats;

namespace SocketBench.Load.Tests;

[TestFixture]
[Category("unit")]
public sealed class LoadRunnerTests
{
    /// <summary>
    /// Issue 11: the last interval used to be cut only inside the observer notification, so with no
    /// observer (library use, --console off) a scenario shorter than one interval had empty latency
    /// totals and an empty timeline.
    /// </summary>
    [Test]
    public async Task RunAsync_SubSecondScenarioWithoutObserver_LastIntervalReachesTheTotals()
    {
        var scenario = Scenario.Create("short", _ => ValueTask.FromResult(Response.Ok(sizeBytes: 1)))
            .WithLoadSimulations(Simulation.IterationsForConstant(2, 50));

        var result = await LoadRunner.RegisterScenarios(scenario).RunAsync();

        var s = result["short"];
        Assert.That(s.Ok.Count, Is.EqualTo(50));
        Assert.That(s.Ok.Service.Count, Is.EqualTo(50), "latency totals hold every completion");
        Assert.That(s.Ok.Response.Count, Is.EqualTo(50));
        Assert.That(s.Timeline, Is.Not.Empty);
        Assert.That(s.Timeline.Sum(t => t.Ok), Is.EqualTo(50), "the timeline holds every completion");
    }
}
