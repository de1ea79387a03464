namespace SocketBench.Load.Scenarios;

/// <summary>Builds the scenarios 1-7 in order for the selected numbers.</summary>
internal static class ScenarioCatalog
{

    public static IReadOnlyList<Scenario> Build(LoadOptions options)
    {
        var list = new List<Scenario>();
        var want = options.Scenarios.ToHashSet();
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
            list.AddRange(new ClosedModelScenarios(options).Create());
        }

        if (want.Contains(4))
        {
            list.AddRange(new OpenModelScenarios(options).Create());
        }

        if (want.Contains(5))
        {
            list.Add(new LargeMessageScenario(options).Create());
        }

        if (want.Contains(6))
        {
            list.AddRange(new SlowClientScenario(options).Create());
        }

        if (want.Contains(7))
        {
            list.AddRange(new StalledClientScenarios(options).Create());
        }

        return list;
    }
}
