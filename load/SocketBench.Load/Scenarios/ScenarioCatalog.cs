namespace SocketBench.Load.Scenarios;

/// <summary>Builds the scenarios 1-6 in order for the selected numbers.</summary>
internal static class ScenarioCatalog
{
    private const int DefaultRate = 200;

    public static IReadOnlyList<Scenario> Build(LoadOptions options)
    {
        var list = new List<Scenario>();
        var want = options.Scenarios.ToHashSet();
        double? closedRps = null;
        if (want.Contains(1) || want.Contains(2))
        {
            foreach (var b in options.Backlogs)
            {
                // Scenario 2 continues scenario 1's experiment (same server, same clients), so they run as a pair.
                list.AddRange(new ListenQueueScenarios(options, b).Create());
            }
        }

        if (want.Contains(3))
        {
            list.AddRange(new ClosedModelScenarios(options, rps => closedRps = rps).Create());
        }

        if (want.Contains(4))
        {
            list.AddRange(new OpenModelScenarios(options, () => options.Rate ?? (closedRps is { } r ? Math.Max(1, (int)Math.Round(r / 2)) : DefaultRate)).Create());
        }

        if (want.Contains(5))
        {
            list.Add(new LargeMessageScenario(options).Create());
        }

        if (want.Contains(6))
        {
            list.AddRange(new SlowClientScenario(options).Create());
        }

        return list;
    }
}
