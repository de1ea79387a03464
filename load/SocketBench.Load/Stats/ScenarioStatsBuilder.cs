using SocketBench.Load.Scheduling;

namespace SocketBench.Load.Stats;

/// <summary>Builds the final <see cref="ScenarioStats"/> from a finished run (after the last interval cut).</summary>
internal static class ScenarioStatsBuilder
{
    public static ScenarioStats Build(ScenarioRun run, TimeSpan measured, TimeSpan loaded, IReadOnlyList<IntervalStats> timeline, IReadOnlyList<Evidence> evidence, string? error, IReadOnlyList<ClientTrace>? traces = null)
    {
        var scenario = run.Scenario;
        var percentiles = scenario.Percentiles;
        var isOpen = scenario.Simulations.Any(s => s.IsOpen);
        var g = run.Global;
        var total = g.Ok + g.Fail;
        var steps = run.Steps
            .Select(b => new StepStats(
                b.Name,
                StatsCalculator.Measurement(b.Ok, b.Ok + b.Fail, b.OkBytes, measured, b.OkService.Total, null, percentiles),
                StatsCalculator.Measurement(b.Fail, b.Ok + b.Fail, b.FailBytes, measured, b.FailService.Total, null, percentiles),
                b.StatusSnapshot()))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        var offered = isOpen ? run.Offered : total + run.Cancelled;
        return new ScenarioStats(
            scenario.Name,
            scenario.Description,
            [.. scenario.Simulations.Select(s => s.ToString())],
            measured,
            isOpen,
            StatsCalculator.Measurement(g.Ok, total, g.OkBytes, measured, g.OkService.Total, isOpen ? g.OkResponse.Total : null, percentiles),
            StatsCalculator.Measurement(g.Fail, total, g.FailBytes, measured, g.FailService.Total, null, percentiles),
            run.Cancelled,
            run.Dropped,
            offered,
            StatsCalculator.Rate(offered, loaded),
            run.PeakInFlight,
            g.StatusSnapshot(),
            steps,
            timeline,
            evidence,
            error)
        {
            DispatchLag = StatsCalculator.Latency(run.DispatchLag.Total, [50, 99]),
            Loaded = loaded,
            ClientTraces = traces ?? [],
        };
    }
}
