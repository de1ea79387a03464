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
    /// Counts and scheduled timestamps depend only on the fake clock, so results do not depend on how
    /// fast the runner keeps up; the 1 ms real pause per step only keeps the fake clock from racing
    /// so far ahead that the (fake) completion timeout fires before a thread-pool thread is free.
    /// (Waiting instead for the whole process to be idle was tried: under CI load the test host is
    /// never observed idle, and the wait ran out.)
    /// </remarks>
    public async Task<string?> AdvanceUntilDoneAsync(TimeSpan step, int maxSteps = 5_000)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < maxSteps && !Task!.IsCompleted && sw.Elapsed < Bound; i++)
        {
            Time.Advance(step);
            await System.Threading.Tasks.Task.Delay(1);
        }

        Assert.That(Task!.IsCompleted, Is.True, "scheduler did not finish within the step bound");
        return await Task;
    }

    public TimeSpan Since(long timestamp) => Time.GetElapsedTime(StartTimestamp, timestamp);

    public void Dispose() => Run.Dispose();
}
