namespace SocketBench.Load.Stats;

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
