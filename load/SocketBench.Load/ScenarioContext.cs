namespace SocketBench.Load;

/// <summary>
/// What one iteration sees (NBomber's IScenarioContext). One instance per copy, reused for every
/// iteration of that copy, so the hot path allocates nothing.
/// </summary>
public sealed class ScenarioContext
{
    internal ScenarioContext(string scenarioName, int copyNumber, Scheduling.ScenarioRun run)
    {
        ScenarioName = scenarioName;
        CopyNumber = copyNumber;
        Run = run;
    }

    public string ScenarioName { get; }

    /// <summary>Gets the copy (virtual user) number, from 0.</summary>
    public int CopyNumber { get; }

    /// <summary>Gets the copy's iteration counter, from 0.</summary>
    public long InvocationNumber { get; internal set; }

    /// <summary>Gets the scenario-wide iteration number, from 0 (unique across copies).</summary>
    public long IterationNumber { get; internal set; }

    /// <summary>Gets the intended start (open model) or actual start (closed model), as a TimeProvider timestamp.</summary>
    public long ScheduledTimestamp { get; internal set; }

    /// <summary>Gets the token that fires on the iteration timeout or when the run is stopped.</summary>
    public CancellationToken CancellationToken { get; internal set; }

    /// <summary>Gets the scenario's time source.</summary>
    public TimeProvider TimeProvider => Run.Time;

    /// <summary>Gets per-copy state the body may keep between iterations.</summary>
    public object? CopyState { get; set; }

    internal Scheduling.ScenarioRun Run { get; }
}

/// <summary>What a scenario's init and clean see: a place to leave evidence for the report.</summary>
public sealed class ScenarioInitContext
{
    private readonly List<Evidence> _evidence = [];
    private readonly List<ClientTrace> _traces = [];
    private readonly List<ArrivalLatency> _arrivals = [];

    internal ScenarioInitContext(string scenarioName, TimeProvider time, CancellationToken cancellationToken)
    {
        ScenarioName = scenarioName;
        TimeProvider = time;
        CancellationToken = cancellationToken;
    }

    public string ScenarioName { get; }

    public TimeProvider TimeProvider { get; }

    public CancellationToken CancellationToken { get; }

    internal IReadOnlyList<Evidence> Evidence => Snapshot(_evidence);

    internal IReadOnlyList<ClientTrace> ClientTraces => Snapshot(_traces);

    internal IReadOnlyList<ArrivalLatency> Arrivals => Snapshot(_arrivals);

    /// <summary>Records one client's latency by its arrival, for the by-arrival panel of latency.png (scenarios compared run by run).</summary>
    public void AddArrival(ArrivalLatency arrival) => Add(_arrivals, arrival);

    /// <summary>Records one client's life for the per-client timeline plot (scenarios whose clients are few and matter one by one).</summary>
    public void AddClientTrace(ClientTrace trace) => Add(_traces, trace);

    /// <summary>Records a named measurement or fact shown in the report (e.g. the accept-queue length).</summary>
    public void AddEvidence(string label, string value) => Add(_evidence, new Evidence(label, value));

    private static IReadOnlyList<T> Snapshot<T>(List<T> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    private static void Add<T>(List<T> list, T item)
    {
        lock (list)
        {
            list.Add(item);
        }
    }
}

/// <summary>A named fact measured by a scenario, shown in the console and the reports.</summary>
public sealed record Evidence(string Label, string Value);

/// <summary>
/// One client's life in seconds since the scenario's origin: connect issued, handshake done (the
/// client's connect returned), served (the server closed after its message); null when it did not
/// happen (yet). <paramref name="State"/> is what the scenario judged (e.g. queued, waiting).
/// </summary>
public sealed record ClientTrace(int Client, string State, double ConnectS, double? HandshakeS, double? ServedS);

/// <summary>One client's response time (<paramref name="LatencyMs"/>) by its scheduled start, <paramref name="AtS"/> seconds into the load; <paramref name="Ok"/> false for a failure.</summary>
public sealed record ArrivalLatency(double AtS, double LatencyMs, bool Ok);
