namespace SocketBench.Load;

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
