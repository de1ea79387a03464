using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using SocketBench.Load.Scheduling;
using SocketBench.Processes;

namespace SocketBench.Load.Tests.Scheduling;

/// <summary>
/// Runs one scenario's scheduler on a <see cref="FakeTimeProvider"/> and moves the clock only when the
/// runner is observably blocked on it (<see cref="IsSettled"/>): the scheduler's own loop is parked
/// with its wake time still ahead (<see cref="ScenarioRun.IsSchedulerWaiting"/>) and every busy copy
/// (<see cref="ScenarioRun.Busy"/>) is parked in <see cref="DelayAsync"/> or <see cref="ParkedAsync"/>
/// on a wait that has not ended. So the clock never races ahead of the thread-pool continuations, however
/// loaded the machine: no real-time pause, every wait on that condition with a deadline.
/// </summary>
internal sealed class FakeClockRun : IDisposable
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SettlePoll = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly ConcurrentDictionary<object, Task> _parked = new();

    public FakeClockRun(Scenario scenario, TimeSpan? completionTimeout = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Run = new ScenarioRun(scenario, Time, CancellationToken.None);
        Scheduler = new ScenarioScheduler(Run, completionTimeout ?? TimeSpan.FromSeconds(10));
        StartTimestamp = Time.GetTimestamp();
    }

    public FakeTimeProvider Time { get; }

    public ScenarioRun Run { get; }

    public ScenarioScheduler Scheduler { get; }

    public long StartTimestamp { get; }

    public Task<string?>? Task { get; private set; }

    /// <summary>
    /// Gets a value indicating whether the scheduler has finished, or nothing in the run can make
    /// progress until the clock moves: the scheduler waits on a wake time still ahead, and each busy
    /// copy is parked on a wait that has not ended (a parked wait that ended, or a copy that never
    /// parked, is runnable).
    /// </summary>
    public bool IsSettled
    {
        get
        {
            if (Task!.IsCompleted)
            {
                return true;
            }

            var now = Time.GetTimestamp();
            var parked = _parked.Values.Count(t => !t.IsCompleted);
            return Run.IsSchedulerWaiting(now) && Run.Busy == parked && Run.IsSchedulerWaiting(now);
        }
    }

    /// <summary>Waits, in real time (bounded), until the runner's thread-pool continuations have caught up with the fake clock and made <paramref name="condition"/> true; fails the test naming <paramref name="what"/> otherwise.</summary>
    public static Task CatchUpAsync(Func<bool> condition, string what) => CatchUpAsync(condition, () => what);

    private static async Task CatchUpAsync(Func<bool> condition, Func<string> what)
    {
        if (!await Poll.UntilAsync(condition, CatchUp, SettlePoll))
        {
            Assert.Fail($"timed out after {CatchUp.TotalSeconds:0} s waiting for {what()}");
        }
    }

    public FakeClockRun Start()
    {
        Task = Scheduler.RunAsync(CancellationToken.None);
        return this;
    }

    /// <summary>A scenario body's wait on the fake clock: parked (the clock may move) until the delay ends or the iteration's token is cancelled.</summary>
    public Task DelayAsync(TimeSpan delay, ScenarioContext ctx) => ParkedAsync(System.Threading.Tasks.Task.Delay(delay, Time, ctx.CancellationToken));

    /// <summary>A scenario body's wait on <paramref name="wait"/>, declared parked until it completes.</summary>
    public async Task ParkedAsync(Task wait)
    {
        var park = new object();
        _parked[park] = wait;
        try
        {
            await wait;
        }
        finally
        {
            _parked.TryRemove(park, out _);
        }
    }

    /// <summary>Waits until <see cref="IsSettled"/>; fails the test if the runner stays busy for <see cref="CatchUp"/>.</summary>
    public Task SettleAsync() =>
        CatchUpAsync(() => IsSettled, () => $"the runner to settle at {Since(Time.GetTimestamp()).TotalMilliseconds} ms (scheduler waiting {Run.IsSchedulerWaiting(Time.GetTimestamp())}, busy {Run.Busy}, parked {_parked.Values.Count(t => !t.IsCompleted)})");

    /// <summary>Settles, then advances the clock by <paramref name="by"/> and settles again.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await SettleAsync();
        Time.Advance(by);
        await SettleAsync();
    }

    /// <summary>Advances the fake clock by <paramref name="step"/>, each time once the runner has settled, until the scheduler finishes (bounded in steps and real time).</summary>
    public async Task<string?> AdvanceUntilDoneAsync(TimeSpan step, int maxSteps = 5_000)
    {
        var sw = Stopwatch.StartNew();
        await SettleAsync();
        for (var i = 0; i < maxSteps && !Task!.IsCompleted && sw.Elapsed < Bound; i++)
        {
            Time.Advance(step);
            await SettleAsync();
        }

        Assert.That(Task!.IsCompleted, Is.True, "scheduler did not finish within the step bound");
        return await Task;
    }

    public TimeSpan Since(long timestamp) => Time.GetElapsedTime(StartTimestamp, timestamp);

    public void Dispose() => Run.Dispose();
}
