namespace SocketBench.Testing;

/// <summary>The timers a <see cref="SteppedClock"/> hands out: each re-arming is recorded.</summary>
public sealed partial class SteppedClock
{
    /// <summary>Forwards to the fake timer; records every finite due time it is re-armed with (<see cref="Armed"/>).</summary>
    private sealed class WatchedTimer(SteppedClock clock) : ITimer
    {
        public ITimer? Inner { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Record(dueTime);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose() => Inner!.Dispose();

        public ValueTask DisposeAsync() => Inner!.DisposeAsync();
    }
}
