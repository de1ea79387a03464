namespace SocketBench.Load.Scheduling;

/// <summary>
/// A <see cref="PeriodicTimer"/> that knows when it started, so a wait on it can say when its next
/// tick is due (<see cref="ScenarioRun.Park"/>): ticks come at start + k·period.
/// </summary>
internal sealed class Ticker : IDisposable
{
    private readonly long _start;
    private readonly long _period;

    public Ticker(TimeSpan period, TimeProvider time)
    {
        _start = time.GetTimestamp();
        _period = Math.Max(1, Span(period, time));
        Timer = new PeriodicTimer(period, time);
    }

    public PeriodicTimer Timer { get; }

    /// <summary>Gets the timestamp of the first tick after <paramref name="now"/>.</summary>
    public long NextTickAfter(long now) => _start + ((((now - _start) / _period) + 1) * _period);

    /// <summary>Converts <paramref name="span"/> to <paramref name="time"/>'s timestamp units exactly (integer arithmetic, as a fake clock counts).</summary>
    public static long Span(TimeSpan span, TimeProvider time) => (long)((Int128)span.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond);

    public void Dispose() => Timer.Dispose();
}
