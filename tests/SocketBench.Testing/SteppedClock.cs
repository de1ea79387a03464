using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace SocketBench.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records every timer created on it, so a test can wait until the
/// code under test is really waiting (its timer exists) before advancing the clock: deterministic, no sleeps.
/// It also records every due time a timer is armed with later (<see cref="Armed"/>: a cancellation
/// source's <c>CancelAfter</c>, a delay that arms its timer after creating it), so a test can advance
/// the clock by exactly the wait the code under test registered.
/// </summary>
public sealed partial class SteppedClock : FakeTimeProvider
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);
    private readonly ConcurrentQueue<TimeSpan> dueTimes = new();
    private readonly ConcurrentQueue<TimeSpan> armed = new();

    /// <summary>Initializes a clock at midnight, January 1st 2000 (the fake clock's default).</summary>
    public SteppedClock()
    {
    }

    /// <summary>Initializes a clock at <paramref name="start"/>.</summary>
    public SteppedClock(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Due times of the timers created so far, in creation order.</summary>
    public IReadOnlyCollection<TimeSpan> DueTimes => dueTimes;

    /// <summary>Every finite due time a timer was armed with, at creation or re-armed later (a cancellation source's <c>CancelAfter</c>), in order.</summary>
    public IReadOnlyCollection<TimeSpan> Armed => armed;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        dueTimes.Enqueue(dueTime);
        Record(dueTime);
        return new WatchedTimer(this) { Inner = base.CreateTimer(callback, state, dueTime, period) };
    }

    /// <summary>Waits until at least <paramref name="count"/> timers due after <paramref name="due"/> were created.</summary>
    public Task WaitForTimersAsync(TimeSpan due, int count = 1) =>
        Eventually.UntilAsync(() => dueTimes.Count(d => d == due) >= count, Long, $"{count} timer(s) of {due.TotalMilliseconds} ms");

    /// <summary>Waits until a timer was armed (created or re-armed) with <paramref name="due"/> at least <paramref name="count"/> times.</summary>
    public Task WaitForArmedAsync(TimeSpan due, int count = 1) =>
        Eventually.UntilAsync(() => armed.Count(d => d == due) >= count, Long, $"{count} timer(s) armed with {due.TotalMilliseconds} ms");

    /// <summary>Waits until timer arming number <paramref name="index"/> (0-based, in <see cref="Armed"/>) has happened, then advances the clock by its due time, so exactly that timer (and any due no later) fires.</summary>
    /// <returns>The due time it was armed with.</returns>
    public async Task<TimeSpan> AdvanceToArmedAsync(int index)
    {
        await Eventually.UntilAsync(() => armed.Count > index, Long, $"timer arming {index + 1}").ConfigureAwait(false);
        var due = armed.ElementAt(index);
        Advance(due);
        return due;
    }

    /// <summary>Waits for a timer of <paramref name="due"/>, then advances the clock by <paramref name="by"/>.</summary>
    public async Task AdvanceWhenWaitingAsync(TimeSpan due, TimeSpan by, int count = 1)
    {
        await WaitForTimersAsync(due, count).ConfigureAwait(false);
        Advance(by);
    }

    private void Record(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            armed.Enqueue(dueTime);
        }
    }
}
