using System.Text;
using SocketBench.Load.Stats;

namespace SocketBench.Load;

/// <summary>What <see cref="LoadRunner.RunAsync"/> returns (NBomber's NodeStats).</summary>
public sealed record RunResult(string TestName, DateTimeOffset StartedUtc, TimeSpan Duration, IReadOnlyList<ScenarioStats> Scenarios, IReadOnlyList<ThresholdResult> Thresholds)
{
    /// <summary>Gets the report files written, if any.</summary>
    public IReadOnlyList<string> ReportFiles { get; init; } = [];

    public bool Passed => Thresholds.All(t => t.Passed) && Scenarios.All(s => s.Error is null);

    public ScenarioStats this[string name] =>
        Scenarios.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"scenario '{name}' not found");

    /// <summary>Throws a <see cref="ThresholdFailedException"/> whose message is the table of failures.</summary>
    public void EnsurePassed()
    {
        if (!Passed)
        {
            throw new ThresholdFailedException(FailureTable());
        }
    }

    /// <summary>A plain-text table of failed thresholds and scenario errors.</summary>
    public string FailureTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine("load run failed:");
        sb.AppendLine("| scenario | threshold | actual |");
        sb.AppendLine("|---|---|---|");
        foreach (var t in Thresholds.Where(t => !t.Passed))
        {
            sb.AppendLine($"| {t.Scenario} | {t.Label} | {t.Actual} |");
        }

        foreach (var s in Scenarios.Where(s => s.Error is not null))
        {
            sb.AppendLine($"| {s.Name} | (scenario error) | {s.Error} |");
        }

        return sb.ToString();
    }
}
