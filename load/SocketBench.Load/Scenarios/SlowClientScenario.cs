namespace SocketBench.Load.Scenarios;

/// <summary>Scenario 6 (slow clients through the fault proxy): not built yet.</summary>
internal sealed class SlowClientScenario(LoadOptions options)
{
    public IEnumerable<Scenario> Create()
    {
        _ = options;
        yield break;
    }
}
