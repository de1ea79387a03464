namespace SocketBench.Load.Stats;

/// <summary>One percentile and its value in milliseconds.</summary>
public readonly record struct PercentileValue(double Percentile, double Ms);

/// <summary>Latency summary in milliseconds, from an HdrHistogram of microseconds.</summary>
public sealed record LatencyStats(long Count, double MinMs, double MeanMs, double MaxMs, double StdDevMs, IReadOnlyList<PercentileValue> Percentiles)
{
    public static readonly LatencyStats Empty = new(0, 0, 0, 0, 0, []);

    /// <summary>Gets the value at a percentile; percentiles not configured are an error, not a guess.</summary>
    public double P(double percentile)
    {
        foreach (var p in Percentiles)
        {
            if (p.Percentile.Equals(percentile))
            {
                return p.Ms;
            }
        }

        return Count == 0 ? 0 : throw new KeyNotFoundException($"percentile {percentile} was not configured");
    }
}

/// <summary>Ok or fail side of a scenario or step (NBomber's MeasurementStats).</summary>
public sealed record MeasurementStats(long Count, double Rps, double Percent, long Bytes, LatencyStats Service, LatencyStats Response);

/// <summary>Stats of one step.</summary>
public sealed record StepStats(string Name, MeasurementStats Ok, MeasurementStats Fail, IReadOnlyDictionary<string, long> StatusCodes);

/// <summary>
/// One reporting interval of a scenario: completions (ok, fail) and drops counted in the interval,
/// in-flight at its end, ok completions per second of the interval, and ok response-time
/// percentiles of the iterations that completed in it; null when none completed (a gap, not 0 ms).
/// </summary>
public sealed record IntervalStats(
    TimeSpan At, TimeSpan Length, string Simulation, long Ok, long Fail, long Dropped, long InFlight, double OkRps, double? P50Ms, double? P95Ms, double? P99Ms);

/// <summary>Everything measured for one scenario.</summary>
public sealed record ScenarioStats(
    string Name,
    string Description,
    IReadOnlyList<string> Simulations,
    TimeSpan Duration,
    bool IsOpenModel,
    MeasurementStats Ok,
    MeasurementStats Fail,
    long Cancelled,
    long Dropped,
    long Offered,
    double OfferedRps,
    long PeakInFlight,
    IReadOnlyDictionary<string, long> StatusCodes,
    IReadOnlyList<StepStats> Steps,
    IReadOnlyList<IntervalStats> Timeline,
    IReadOnlyList<Evidence> Evidence,
    string? Error)
{
    /// <summary>
    /// Gets the runner's own CPU time (every thread of this process: copies, scheduler, the parser of
    /// the server's stdout; not the server's) from the first phase to the end of the drain.
    /// </summary>
    public TimeSpan RunnerCpu { get; init; }

    /// <summary>Gets the runner's own CPU per completed iteration, in microseconds (0 when none completed).</summary>
    public double RunnerCpuPerIterationUs => Requests == 0 ? 0 : RunnerCpu.TotalMicroseconds / Requests;

    /// <summary>Gets the per-client timeline a scenario recorded (empty for most).</summary>
    public IReadOnlyList<ClientTrace> ClientTraces { get; init; } = [];

    /// <summary>Gets each client's latency by arrival, when the scenario recorded them (empty for most): latency.png overlays every such scenario in one panel.</summary>
    public IReadOnlyList<ArrivalLatency> Arrivals { get; init; } = [];

    /// <summary>Gets the time spent in load phases (pauses and drain excluded); offered rps divides by it, ok rps by <see cref="Duration"/> (phases and drain).</summary>
    public TimeSpan Loaded { get; init; }

    /// <summary>Gets the runner's own dispatch lag (open model: actual minus scheduled start), part of every response time.</summary>
    public LatencyStats DispatchLag { get; init; } = LatencyStats.Empty;

    /// <summary>Gets all completed iterations (ok + fail).</summary>
    public long Requests => Ok.Count + Fail.Count;

    /// <summary>Gets the failed share of completed iterations, in percent.</summary>
    public double FailPercent => Requests == 0 ? 0 : 100.0 * Fail.Count / Requests;

    /// <summary>Gets the step's stats, or throws if it never ran.</summary>
    public StepStats Step(string name) => Steps.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"step '{name}' not found in scenario '{Name}'");

    /// <summary>Gets the count of a status code (0 if never seen).</summary>
    public long Status(string code) => StatusCodes.TryGetValue(code, out var n) ? n : 0;
}
