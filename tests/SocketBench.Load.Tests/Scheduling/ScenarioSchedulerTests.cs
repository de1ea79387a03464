using System.Collections.Concurrent;
using SocketBench.Load.Stats;

namespace SocketBench.Load.Tests.Scheduling;

[TestFixture]
[Category("unit")]
public sealed class ScenarioSchedulerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Test]
    public async Task Inject_TenPerSecondForThreeSeconds_StartsTenArrivalsInEachInterval()
    {
        var scheduled = new ConcurrentBag<long>();
        var scenario = Scenario.Create("inject", ctx =>
        {
            scheduled.Add(ctx.ScheduledTimestamp);
            return ValueTask.FromResult(Response.Ok());
        }).WithLoadSimulations(Simulation.Inject(10, Second, TimeSpan.FromSeconds(3)));
        using var run = new FakeClockRun(scenario).Start();

        var error = await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(50));

        Assert.That(error, Is.Null);
        Assert.That(run.Run.Offered, Is.EqualTo(30));
        Assert.That(run.Run.Dropped, Is.Zero);
        Assert.That(run.Run.Global.Ok, Is.EqualTo(30));
        var offsets = scheduled.Select(t => run.Since(t).TotalSeconds).Order().ToList();
        for (var k = 0; k < 3; k++)
        {
            var inInterval = offsets.Where(o => o >= k && o < k + 1).ToList();
            Assert.That(inInterval, Has.Count.EqualTo(10), $"interval {k}");
            Assert.That(inInterval.Max() - inInterval.Min(), Is.GreaterThan(0.5), "arrivals are spread over the interval, not a burst");
        }
    }

    [Test]
    public async Task Inject_FakeClockInFiftyMsSteps_DispatchLagIsRecordedAndBoundedByTheStep()
    {
        var scenario = Scenario.Create("lag", _ => ValueTask.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.Inject(20, Second, TimeSpan.FromSeconds(2)));
        using var run = new FakeClockRun(scenario).Start();

        await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(50));
        run.Run.DispatchLag.TakeInterval();
        var lag = StatsCalculator.Latency(run.Run.DispatchLag.Total, [50, 99]);

        Assert.That(lag.Count, Is.InRange(30, 40), "nearly every arrival starts after its due time");
        // The clock moves only once the dispatcher has started everything due: an arrival starts at the
        // first step at or after its due time, so no later than one step, however loaded the machine.
        Assert.That(lag.MaxMs, Is.LessThanOrEqualTo(50.1), "no arrival starts more than one step late");
        Assert.That(lag.P(50), Is.GreaterThan(5), "arrivals wait for the step after their due time");
    }

    [Test]
    public async Task RampingInject_FromZeroToForty_InterpolatesPerInterval()
    {
        var scenario = Scenario.Create("ramp", _ => ValueTask.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.RampingInject(40, Second, TimeSpan.FromSeconds(4)));
        using var run = new FakeClockRun(scenario).Start();

        await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(50));

        Assert.That(run.Run.Offered, Is.EqualTo(10 + 20 + 30 + 40));
    }

    [Test]
    public async Task Inject_BeyondMaxInFlight_CountsDroppedArrivals()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        FakeClockRun? run = null;
        var scenario = Scenario.Create("capped", async _ =>
        {
            Interlocked.Increment(ref started);
            await run!.ParkedAsync(gate.Task);
            return Response.Ok();
        }).WithLoadSimulations(Simulation.Inject(20, Second, Second)).WithMaxInFlight(5);
        run = new FakeClockRun(scenario);
        using var _ = run.Start();

        await run.AdvanceAsync(TimeSpan.FromSeconds(1.5));
        Assert.That(run.Run.Offered, Is.EqualTo(20), "all 20 arrivals dispatched");
        Assert.That(Volatile.Read(ref started), Is.EqualTo(5), "5 iterations started");
        gate.SetResult();
        await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(50));

        Assert.That(run.Run.Dropped, Is.EqualTo(15));
        Assert.That(run.Run.Global.Ok, Is.EqualTo(5));
        Assert.That(run.Run.PeakInFlight, Is.EqualTo(5));
    }

    [Test]
    public async Task KeepConstant_ThreeCopiesOfHundredMsForTwoSeconds_RunsAboutSixtyIterations()
    {
        var copies = new ConcurrentDictionary<int, int>();
        FakeClockRun? run = null;
        var scenario = Scenario.Create("closed", async ctx =>
        {
            copies[ctx.CopyNumber] = 1;
            await run!.DelayAsync(TimeSpan.FromMilliseconds(100), ctx);
            return Response.Ok();
        }).WithLoadSimulations(Simulation.KeepConstant(3, TimeSpan.FromSeconds(2)));
        run = new FakeClockRun(scenario);
        using var _ = run.Start();

        await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(100));

        Assert.That(run.Run.Global.Ok, Is.InRange(60, 63));
        Assert.That(copies.Keys.Order(), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public async Task RampingConstant_ZeroToFourOverFourSeconds_AddsOneCopyPerSecond()
    {
        var maxCopyBySecond = new ConcurrentDictionary<int, int>();
        FakeClockRun? run = null;
        var scenario = Scenario.Create("ramp", async ctx =>
        {
            var second = (int)run!.Since(ctx.TimeProvider.GetTimestamp()).TotalSeconds;
            maxCopyBySecond.AddOrUpdate(second, ctx.CopyNumber, (_, old) => Math.Max(old, ctx.CopyNumber));
            await run!.DelayAsync(TimeSpan.FromMilliseconds(100), ctx);
            return Response.Ok();
        }).WithLoadSimulations(Simulation.RampingConstant(4, TimeSpan.FromSeconds(4)));
        run = new FakeClockRun(scenario);
        using var _ = run.Start();

        await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(10));

        Assert.That(maxCopyBySecond[0], Is.EqualTo(0), "1 copy in the first second");
        Assert.That(maxCopyBySecond[1], Is.EqualTo(1));
        Assert.That(maxCopyBySecond[2], Is.EqualTo(2));
        Assert.That(maxCopyBySecond[3], Is.EqualTo(3), "4 copies in the last second");
    }

    [Test]
    public async Task IterationsForConstant_TenIterationsOverThreeCopies_RunsExactlyTen()
    {
        var scenario = Scenario.Create("count", async ctx =>
        {
            await Task.Yield();
            return Response.Ok(sizeBytes: 3);
        }).WithLoadSimulations(Simulation.IterationsForConstant(3, 10));
        using var run = new FakeClockRun(scenario).Start();

        await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(10));

        Assert.That(run.Run.Global.Ok, Is.EqualTo(10));
        Assert.That(run.Run.Global.OkBytes, Is.EqualTo(30));
    }

    [Test]
    public async Task IterationTimeout_BodyNeverReturns_FailsWithTimeoutStatus()
    {
        FakeClockRun? run = null;
        var scenario = Scenario.Create("slow", async ctx =>
        {
            await run!.DelayAsync(Timeout.InfiniteTimeSpan, ctx);
            return Response.Ok();
        }).WithLoadSimulations(Simulation.IterationsForConstant(1, 3)).WithIterationTimeout(TimeSpan.FromMilliseconds(100));
        run = new FakeClockRun(scenario);
        using var _ = run.Start();

        await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(20));

        Assert.That(run.Run.Global.Fail, Is.EqualTo(3));
        Assert.That(run.Run.Global.StatusSnapshot()[StatusCodes.Timeout], Is.EqualTo(3));
    }

    [Test]
    public async Task CompletionTimeout_IterationsStillRunning_AreCancelledNotFailed()
    {
        FakeClockRun? run = null;
        var scenario = Scenario.Create("stuck", async ctx =>
        {
            await run!.DelayAsync(Timeout.InfiniteTimeSpan, ctx);
            return Response.Ok();
        }).WithLoadSimulations(Simulation.KeepConstant(2, Second));
        run = new FakeClockRun(scenario, completionTimeout: Second);
        using var _ = run.Start();

        var error = await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(50));

        Assert.That(error, Is.Null);
        Assert.That(run.Run.Cancelled, Is.EqualTo(2));
        Assert.That(run.Run.Global.Ok + run.Run.Global.Fail, Is.Zero);
    }

    [Test]
    public async Task Pause_BetweenInjectPhases_IsExcludedFromMeasuredDuration()
    {
        var scenario = Scenario.Create("paused", _ => ValueTask.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.Inject(5, Second, Second), Simulation.Pause(TimeSpan.FromSeconds(2)), Simulation.Inject(5, Second, Second));
        using var run = new FakeClockRun(scenario).Start();

        await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(10));

        Assert.That(run.Run.Offered, Is.EqualTo(10));
        Assert.That(run.Scheduler.Measured.TotalSeconds, Is.InRange(1.99, 2.2));
    }

    /// <summary>
    /// Issue 11: completions in the drain after the last phase are counted, so ok rps divides by a
    /// duration that includes the drain; offered rps divides by the phases alone.
    /// </summary>
    [Test]
    public async Task Measured_CompletionsInTheDrain_IncludesTheDrainAndOkRpsUsesIt()
    {
        FakeClockRun? run = null;
        var scenario = Scenario.Create("drained", async ctx =>
        {
            await run!.DelayAsync(TimeSpan.FromSeconds(2), ctx);
            return Response.Ok();
        }).WithLoadSimulations(Simulation.Inject(10, Second, Second));
        run = new FakeClockRun(scenario);
        using var _ = run.Start();

        await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(50));
        var stats = ScenarioStatsBuilder.Build(run.Run, run.Scheduler.Measured, run.Scheduler.Loaded, [], [], null);

        Assert.That(run.Run.Global.Ok, Is.EqualTo(10));
        Assert.That(run.Scheduler.Loaded.TotalSeconds, Is.InRange(0.99, 1.2), "phases only");
        Assert.That(run.Scheduler.Measured.TotalSeconds, Is.InRange(2.0, 3.5), "phases and the drain in which every completion happened");
        Assert.That(stats.Ok.Rps, Is.EqualTo(10 / run.Scheduler.Measured.TotalSeconds).Within(1e-9));
        Assert.That(stats.OfferedRps, Is.EqualTo(10 / run.Scheduler.Loaded.TotalSeconds).Within(1e-9));
    }

    [Test]
    public async Task ClosedCopies_SynchronousBody_AllocatesNothingPerIteration()
    {
        const int Iterations = 200_000;
        var scenario = Scenario.Create("alloc", _ => ValueTask.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.IterationsForConstant(1, Iterations));
        using var warm = new Load.Scheduling.ScenarioRun(scenario, TimeProvider.System, CancellationToken.None);
        await new Load.Scheduling.ScenarioScheduler(warm, TimeSpan.FromSeconds(5)).RunAsync(CancellationToken.None);
        using var run = new Load.Scheduling.ScenarioRun(scenario, TimeProvider.System, CancellationToken.None);
        var scheduler = new Load.Scheduling.ScenarioScheduler(run, TimeSpan.FromSeconds(5));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await scheduler.RunAsync(CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.That(run.Global.Ok, Is.EqualTo(Iterations));
        Assert.That(allocated / (double)Iterations, Is.LessThan(1.0), $"{allocated} bytes for {Iterations} iterations");
    }

    [Test]
    public async Task OpenWorkers_SynchronousBody_AllocateAtMostAThreadPoolWorkItemPerArrival()
    {
        const int Arrivals = 20_000;
        var scenario = Scenario.Create("alloc-open", _ => ValueTask.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.IterationsForInject(Arrivals, Second, Arrivals)).WithMaxInFlight(64);
        using var run = new Load.Scheduling.ScenarioRun(scenario, TimeProvider.System, CancellationToken.None);
        var scheduler = new Load.Scheduling.ScenarioScheduler(run, TimeSpan.FromSeconds(5));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await scheduler.RunAsync(CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.That(run.Offered, Is.EqualTo(Arrivals));
        Assert.That(run.Global.Ok + run.Dropped, Is.EqualTo(Arrivals));
        TestContext.Out.WriteLine($"{allocated / (double)Arrivals:0.#} bytes per arrival");
        Assert.That(allocated / (double)Arrivals, Is.LessThan(128), $"{allocated} bytes for {Arrivals} arrivals");
    }

    [TestCase(-1)]
    public void Inject_NegativeRate_IsRejected(int rate)
    {
        var scenario = Scenario.Create("bad", _ => ValueTask.FromResult(Response.Ok()));
        Assert.Throws<ArgumentOutOfRangeException>(() => scenario.WithLoadSimulations(Simulation.Inject(rate, Second, Second)));
    }

    [Test]
    public void IterationsPhases_ZeroCopiesOrRate_AreRejectedNamingTheValue()
    {
        var scenario = Scenario.Create("bad", _ => ValueTask.FromResult(Response.Ok()));
        var copies = Assert.Throws<ArgumentOutOfRangeException>(() => scenario.WithLoadSimulations(Simulation.IterationsForConstant(0, 5)));
        Assert.That(copies!.Message, Does.Contain("Copies must be positive, got 0"));
        var rate = Assert.Throws<ArgumentOutOfRangeException>(() => scenario.WithLoadSimulations(Simulation.IterationsForInject(0, Second, 5)));
        Assert.That(rate!.Message, Does.Contain("Rate must be positive, got 0"));
    }

    [Test]
    public void WithLoadSimulations_OpenAndClosedMixed_IsRejected()
    {
        var scenario = Scenario.Create("mixed", _ => ValueTask.FromResult(Response.Ok()));
        var ex = Assert.Throws<ArgumentException>(() => scenario.WithLoadSimulations(Simulation.Inject(1, Second, Second), Simulation.KeepConstant(1, Second)));
        Assert.That(ex!.Message, Does.Contain("mixes open"));
    }

    [Test]
    public void WithLoadSimulations_IterationsPhaseNotAlone_IsRejected()
    {
        var scenario = Scenario.Create("iter", _ => ValueTask.FromResult(Response.Ok()));
        Assert.Throws<ArgumentException>(() => scenario.WithLoadSimulations(Simulation.IterationsForConstant(1, 5), Simulation.KeepConstant(1, Second)));
    }

    [Test]
    public async Task Step_Run_RecordsItsOwnBucket()
    {
        var scenario = Scenario.Create("steps", async ctx =>
        {
            await Step.Run("connect", ctx, () => ValueTask.FromResult(Response.Ok()));
            return await Step.Run("send", ctx, () => ValueTask.FromResult(Response.Fail("reset")));
        }).WithLoadSimulations(Simulation.IterationsForConstant(1, 4));
        using var run = new FakeClockRun(scenario).Start();

        await run.AdvanceUntilDoneAsync(TimeSpan.FromMilliseconds(10));

        Assert.That(run.Run.Step("connect").Ok, Is.EqualTo(4));
        Assert.That(run.Run.Step("send").Fail, Is.EqualTo(4));
        Assert.That(run.Run.Global.StatusSnapshot()["reset"], Is.EqualTo(4));
    }
}
