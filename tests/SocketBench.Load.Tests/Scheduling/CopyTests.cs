using Microsoft.Extensions.Time.Testing;
using SocketBench.Load.Scheduling;

namespace SocketBench.Load.Tests.Scheduling;

[TestFixture]
[Category("unit")]
public sealed class CopyTests
{
    private static readonly TimeSpan Timeout100Ms = TimeSpan.FromMilliseconds(100);

    private static Scenario Forever() => Scenario.Create("late", async ctx =>
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.CancellationToken);
        return Response.Ok();
    }).WithLoadSimulations(Simulation.Inject(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))).WithIterationTimeout(Timeout100Ms);

    /// <summary>Issue 11: the iteration timeout counts from the scheduled start, not the actual one.</summary>
    [Test]
    public async Task RunIteration_StartedEightyMsLate_TimesOutHundredMsAfterTheScheduledStart()
    {
        var time = new FakeTimeProvider();
        using var run = new ScenarioRun(Forever(), time, CancellationToken.None);
        using var copy = new Copy(run, 0, open: true);

        var iteration = StartLate(time, copy, TimeSpan.FromMilliseconds(80));
        time.Advance(TimeSpan.FromMilliseconds(10));
        var earlyDone = iteration.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(15));
        await FakeClockRun.CatchUpAsync(() => iteration.IsCompleted, "the iteration timing out 100 ms after its scheduled start");

        Assert.That(earlyDone, Is.False, "90 ms after the scheduled start it was still running");
        Assert.That(run.Global.Fail, Is.EqualTo(1));
        Assert.That(run.Global.StatusSnapshot()[StatusCodes.Timeout], Is.EqualTo(1));
    }

    [Test]
    public async Task RunIteration_StartedAfterItsWholeTimeout_TimesOutAtOnce()
    {
        var time = new FakeTimeProvider();
        using var run = new ScenarioRun(Forever(), time, CancellationToken.None);
        using var copy = new Copy(run, 0, open: true);

        var iteration = StartLate(time, copy, TimeSpan.FromMilliseconds(150));
        await FakeClockRun.CatchUpAsync(() => iteration.IsCompleted, "the iteration timing out with no clock advance");

        Assert.That(run.Global.StatusSnapshot()[StatusCodes.Timeout], Is.EqualTo(1));
    }

    /// <summary>Starts an iteration scheduled now, <paramref name="late"/> after its scheduled start (the dispatcher's lag).</summary>
    private static Task StartLate(FakeTimeProvider time, Copy copy, TimeSpan late)
    {
        var scheduled = time.GetTimestamp();
        time.Advance(late);
        return copy.RunIterationAsync(scheduled).AsTask();
    }
}
