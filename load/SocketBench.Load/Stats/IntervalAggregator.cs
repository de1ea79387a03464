using SocketBench.Load.Scheduling;

namespace SocketBench.Load.Stats;

/// <summary>
/// The single reader of a scenario's recorders: every reporting interval it takes the interval
/// histograms, folds them into the totals and appends one <see cref="IntervalStats"/> row.
/// </summary>
internal sealed class IntervalAggregator(ScenarioRun run, long startTimestamp)
{
    private readonly List<IntervalStats> _timeline = [];
    private readonly long _start = startTimestamp;
    private long _lastTimestamp = startTimestamp;
    private long _lastOk;
    private long _lastFail;
    private long _lastDropped;

    public IReadOnlyList<IntervalStats> Timeline => _timeline;

    /// <summary>Cuts one interval ending now. Reader side only: call from one thread at a time.</summary>
    public IntervalStats Cut()
    {
        var time = run.Time;
        var now = time.GetTimestamp();
        var okResponse = run.Global.OkResponse.TakeInterval();
        run.Global.OkService.TakeInterval();
        run.Global.FailService.TakeInterval();
        run.DispatchLag.TakeInterval();
        foreach (var step in run.Steps)
        {
            step.OkService.TakeInterval();
            step.OkResponse.TakeInterval();
            step.FailService.TakeInterval();
        }

        long ok = run.Global.Ok, fail = run.Global.Fail, dropped = run.Dropped;
        var seconds = time.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        var row = new IntervalStats(
            time.GetElapsedTime(_start, now),
            time.GetElapsedTime(_lastTimestamp, now),
            run.Simulation,
            ok - _lastOk,
            fail - _lastFail,
            dropped - _lastDropped,
            run.InFlight,
            seconds > 0 ? (ok - _lastOk) / seconds : 0,
            IntervalPercentile(okResponse, 50),
            IntervalPercentile(okResponse, 95),
            IntervalPercentile(okResponse, 99));
        _lastTimestamp = now;
        (_lastOk, _lastFail, _lastDropped) = (ok, fail, dropped);
        _timeline.Add(row);
        return row;
    }

    /// <summary>An interval without ok completions has no latency: null (a gap in the plot), not 0 ms.</summary>
    private static double? IntervalPercentile(HdrHistogram.HistogramBase h, double percentile) =>
        h.TotalCount == 0 ? null : StatsCalculator.Percentile(h, percentile);
}
