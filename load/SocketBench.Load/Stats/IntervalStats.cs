namespace SocketBench.Load.Stats;

/// <summary>
/// One reporting interval of a scenario: completions (ok, fail) and drops counted in the interval,
/// in-flight at its end, ok completions per second of the interval, and ok response-time
/// percentiles of the iterations that completed in it; null when none completed (a gap, not 0 ms).
/// </summary>
public sealed record IntervalStats(
    TimeSpan At, TimeSpan Length, string Simulation, long Ok, long Fail, long Dropped, long InFlight, double OkRps, double? P50Ms, double? P95Ms, double? P99Ms);
