using System.Collections.Concurrent;
using SocketBench.Load.Stats;

namespace SocketBench.Load.Scheduling;

/// <summary>
/// The live state of one scenario while it runs: the scenario-wide bucket, step buckets, in-flight
/// and drop counters, the stop token. Shared by the copies (writers) and the aggregator (reader).
/// </summary>
internal sealed class ScenarioRun : IDisposable
{
    private readonly ConcurrentDictionary<string, MeasureBucket> _steps = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop;
    private long _inFlight;
    private long _peakInFlight;
    private long _dropped;
    private long _cancelled;
    private long _offered;
    private long _iterations;
    private long _loops;
    private long _park;
    private string _simulation = "";

    public ScenarioRun(Scenario scenario, TimeProvider time, CancellationToken runToken)
    {
        Scenario = scenario;
        Time = time;
        Global = new MeasureBucket(scenario.Name);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(runToken);
    }

    public Scenario Scenario { get; }

    public TimeProvider Time { get; }

    /// <summary>Gets the runner's own lag: actual start minus scheduled start of open-model iterations.</summary>
    public LatencyRecorder DispatchLag { get; } = new();

    /// <summary>Gets the scenario-wide bucket (NBomber's "global information").</summary>
    public MeasureBucket Global { get; }

    /// <summary>Gets the token that cancels in-flight iterations (run cancelled or completion timeout).</summary>
    public CancellationToken StopToken => _stop.Token;

    public long InFlight => Volatile.Read(ref _inFlight);

    public long PeakInFlight => Volatile.Read(ref _peakInFlight);

    public long Dropped => Volatile.Read(ref _dropped);

    public long Cancelled => Volatile.Read(ref _cancelled);

    public long Offered => Volatile.Read(ref _offered);

    public string Simulation
    {
        get => Volatile.Read(ref _simulation);
        set => Volatile.Write(ref _simulation, value);
    }

    public IEnumerable<MeasureBucket> Steps => _steps.Values;

    public MeasureBucket Step(string name) => _steps.GetOrAdd(name, static n => new MeasureBucket(n));

    public long NextIterationNumber() => Interlocked.Increment(ref _iterations) - 1;

    public void AddOffered() => Interlocked.Increment(ref _offered);

    public void AddDropped() => Interlocked.Increment(ref _dropped);

    public void AddCancelled() => Interlocked.Increment(ref _cancelled);

    public void EnterFlight()
    {
        var now = Interlocked.Increment(ref _inFlight);
        var peak = Volatile.Read(ref _peakInFlight);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakInFlight, now, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }
    }

    public void LeaveFlight() => Interlocked.Decrement(ref _inFlight);

    /// <summary>
    /// Gets the copies at work: open-model iterations in flight, or closed-model copy loops running
    /// (between two iterations too). Test-visible: with <see cref="IsSchedulerWaiting"/> a fake-clock
    /// test knows when every copy is blocked and the clock may move.
    /// </summary>
    public long Busy => Math.Max(InFlight, Volatile.Read(ref _loops));

    /// <summary>A closed-model copy loop was started (before it runs, so it is never missed).</summary>
    public void LoopStarted() => Interlocked.Increment(ref _loops);

    public void LoopEnded() => Interlocked.Decrement(ref _loops);

    /// <summary>
    /// The scheduler's own loop is about to wait: on the clock until <paramref name="wakeTimestamp"/>
    /// (its next timer tick or deadline), and also until no copy is busy when <paramref name="orWhenIdle"/>.
    /// Called only when the wait did not complete at once; <see cref="Unpark"/> when it resumes.
    /// </summary>
    public void Park(long wakeTimestamp, bool orWhenIdle) => Volatile.Write(ref _park, orWhenIdle ? -wakeTimestamp : wakeTimestamp);

    public void Unpark() => Volatile.Write(ref _park, 0);

    /// <summary>
    /// Test-visible quiescence: true while the scheduler's own loop waits and nothing it waits for has
    /// happened by <paramref name="now"/> (its wake time is still ahead; a drain's copies are still busy).
    /// A wait that ended but has not resumed yet reads false, so the answer is never stale in the
    /// "waiting" direction.
    /// </summary>
    public bool IsSchedulerWaiting(long now)
    {
        var park = Volatile.Read(ref _park);
        return park > 0 ? park > now : park < 0 && -park > now && Busy > 0;
    }

    /// <summary>Cancels every in-flight iteration; they are counted as cancelled.</summary>
    public void ForceStop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}
