using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using SocketBench.Load.Scheduling;
using SocketBench.Processes;
using SocketBench.Testing;

namespace SocketBench.Load.Tests.Scheduling;

/// <summary>Runs one scenario's scheduler on a <see cref="FakeTimeProvider"/>, advancing the clock in steps.</summary>
internal sealed class FakeClockRun : IDisposable
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

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

    /// <summary>Waits, in real time (bounded), until the runner's thread-pool continuations have caught up with the fake clock and made <paramref name="condition"/> true; fails the test naming <paramref name="what"/> otherwise.</summary>
    public static async Task CatchUpAsync(Func<bool> condition, string what) =>
        Assert.That(await Poll.UntilAsync(condition, CatchUp, TimeSpan.FromMilliseconds(1)), Is.True, $"timed out waiting for {what}");

    public FakeClockRun Start()
    {
        Task = Scheduler.RunAsync(CancellationToken.None);
        return this;
    }

    /// <summary>Advances the fake clock by <paramref name="step"/> until the scheduler finishes (bounded in steps and real time).</summary>
    /// <remarks>
    /// After each step the clock waits until the process is idle (<see cref="ProcessIdle"/>): every
    /// continuation and copy thread the step woke (the dispatcher, the copies, the drain) has run to
    /// its next wait. So the clock never
    /// races ahead of the runner (a completion timeout firing before an iteration had a thread, an
    /// arrival dispatched steps late), and no real-time pause is needed.
    /// </remarks>
    public async Task<string?> AdvanceUntilDoneAsync(TimeSpan step, int maxSteps = 5_000)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < maxSteps && !Task!.IsCompleted && sw.Elapsed < Bound; i++)
        {
            Time.Advance(step);
            if (!await ProcessIdle.WaitAsync(CatchUp))
            {
                Assert.Fail($"the runner was still busy {CatchUp.TotalSeconds:0} s after the step to {Time}");
            }
        }

        Assert.That(Task!.IsCompleted, Is.True, "scheduler did not finish within the step bound");
        return await Task;
    }

    public TimeSpan Since(long timestamp) => Time.GetElapsedTime(StartTimestamp, timestamp);

    public void Dispose() => Run.Dispose();
}
