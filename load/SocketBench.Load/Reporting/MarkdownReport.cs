using System.Text;
using SocketBench.Load.Stats;

namespace SocketBench.Load.Reporting;

/// <summary>report.md: summary table, thresholds, then per scenario its load, evidence, status codes and steps.</summary>
internal static class MarkdownReport
{
    public static string Render(RunResult r, string? pngName)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Load report: {r.TestName}");
        sb.AppendLine();
        sb.AppendLine($"Started {r.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC, took {Fmt.Seconds(r.Duration)}, {Environment.ProcessorCount} CPUs, {Environment.OSVersion}. " +
            $"Result: **{(r.Passed ? "PASSED" : "FAILED")}**.");
        sb.AppendLine();
        sb.AppendLine("Latency in ms: response time from the scheduled start for open-model scenarios (coordinated omission visible), service time for closed-model ones.");
        sb.AppendLine();
        Table(sb, Fmt.SummaryHeader(), r.Scenarios.Select(Fmt.SummaryRow));
        sb.AppendLine();
        foreach (var (column, meaning) in Fmt.ColumnNotes)
        {
            sb.AppendLine($"- **{column}**: {meaning}.");
        }

        sb.AppendLine();
        sb.AppendLine("## Thresholds");
        sb.AppendLine();
        Table(sb, ["scenario", "threshold", "result", "actual"], r.Thresholds.Select(t => new[] { t.Scenario, t.Label, t.Passed ? "pass" : "**FAIL**", t.Actual }));
        foreach (var s in r.Scenarios.Where(s => s.Error is not null))
        {
            sb.AppendLine($"- **{Escape(s.Name)}: {Escape(s.Error!)}**");
        }

        if (pngName is not null)
        {
            sb.AppendLine();
            sb.AppendLine($"![latency over time]({pngName})");
        }

        foreach (var s in r.Scenarios)
        {
            Scenario(sb, s);
        }

        return sb.ToString();
    }

    internal static void Table(StringBuilder sb, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        sb.AppendLine("| " + string.Join(" | ", header.Select(Escape)) + " |");
        sb.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count)));
        foreach (var row in rows)
        {
            sb.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        }
    }

    private static void Scenario(StringBuilder sb, ScenarioStats s)
    {
        sb.AppendLine();
        sb.AppendLine($"## {Escape(s.Name)}");
        sb.AppendLine();
        if (s.Description.Length > 0)
        {
            sb.AppendLine(Escape(s.Description));
            sb.AppendLine();
        }

        sb.AppendLine($"- load: {string.Join(", ", s.Simulations)} ({(s.IsOpenModel ? "open" : "closed")} model)");
        sb.AppendLine($"- measured {Fmt.Seconds(s.Duration)}; offered {Fmt.Num(s.Offered)} ({Fmt.Rate(s.OfferedRps)}/s); ok {Fmt.Num(s.Ok.Count)} ({Fmt.Rate(s.Ok.Rps)}/s); " +
            $"fail {Fmt.Num(s.Fail.Count)}; cancelled {Fmt.Num(s.Cancelled)}; dropped at the in-flight cap {Fmt.Num(s.Dropped)}; peak in flight {Fmt.Num(s.PeakInFlight)}; " +
            $"runner CPU {Fmt.Seconds(s.RunnerCpu)} ({s.RunnerCpuPerIterationUs.ToString("0.#", Fmt.Inv)} µs per iteration)");
        if (s.IsOpenModel && s.Ok.Count > 0)
        {
            sb.AppendLine($"- ok service time (from the actual start): p50 {Fmt.Pct(s.Ok.Service, 50)} ms, p99 {Fmt.Pct(s.Ok.Service, 99)} ms, max {Fmt.Ms(s.Ok.Service.MaxMs)} ms");
            sb.AppendLine($"- the runner's own dispatch lag (actual minus scheduled start, inside every response time): p50 {Fmt.Pct(s.DispatchLag, 50)} ms, p99 {Fmt.Pct(s.DispatchLag, 99)} ms");
        }

        if (s.Error is not null)
        {
            sb.AppendLine($"- **error: {Escape(s.Error)}**");
        }

        if (s.Evidence.Count > 0)
        {
            sb.AppendLine();
            Table(sb, ["evidence", "value"], s.Evidence.Select(e => new[] { e.Label, e.Value }));
        }

        if (s.StatusCodes.Count > 0)
        {
            sb.AppendLine();
            Table(sb, ["status", "count"], s.StatusCodes.Select(kv => new[] { kv.Key, Fmt.Num(kv.Value) }));
        }

        if (s.Steps.Count > 0)
        {
            sb.AppendLine();
            Table(sb, ["step", "ok", "fail", "min", "mean", .. Fmt.Columns.Select(Fmt.Label), "max"], s.Steps.Select(st => (IReadOnlyList<string>)[
                st.Name, Fmt.Num(st.Ok.Count), Fmt.Num(st.Fail.Count), Fmt.Ms(st.Ok.Service.MinMs), Fmt.Ms(st.Ok.Service.MeanMs),
                .. Fmt.Columns.Select(p => Fmt.Pct(st.Ok.Service, p)), Fmt.Ms(st.Ok.Service.MaxMs)]));
        }
    }

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
