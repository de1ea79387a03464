using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records every timer created on it, so a test can wait until a
/// toxic is really waiting (its timer exists) before advancing the clock: deterministic, no sleeps.
/// </summary>
internal sealed class SteppedClock : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> dueTimes = new();

    /// <summary>Due times of the timers created so far, in creation order.</summary>
    public IReadOnlyCollection<TimeSpan> DueTimes => dueTimes;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        dueTimes.Enqueue(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits until at least <paramref name="count"/> timers due after <paramref name="due"/> were created.</summary>
    public Task WaitForTimersAsync(TimeSpan due, int count = 1) =>
        Eventually.UntilAsync(() => dueTimes.Count(d => d == due) >= count, TimeSpan.FromSeconds(10), $"{count} timer(s) of {due.TotalMilliseconds} ms");

    /// <summary>Waits for a timer of <paramref name="due"/>, then advances the clock by <paramref name="by"/>.</summary>
    public async Task AdvanceWhenWaitingAsync(TimeSpan due, TimeSpan by, int count = 1)
    {
        await WaitForTimersAsync(due, count);
        Advance(by);
    }
}
