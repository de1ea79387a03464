using System.Net;
using System.Text;
using SocketBench.Load.Stats;

namespace SocketBench.Load.Reporting;

/// <summary>report.html: one self-contained page, inline CSS and the plot as a data URI; no scripts, no external links.</summary>
internal static class HtmlReport
{
    private const string Css = """
        body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0}
        th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
        .fail{color:#b00;font-weight:bold}.pass{color:#070}img{max-width:100%;border:1px solid #ddd}code{background:#f6f6f6}
        """;

    public static string Render(RunResult r, byte[]? png)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Load report: ").Append(E(r.TestName)).Append("</title><style>")
            .Append(Css).Append("</style></head><body>");
        sb.Append("<h1>Load report: ").Append(E(r.TestName)).Append("</h1><p>Started ").Append(E($"{r.StartedUtc:yyyy-MM-dd HH:mm:ss}")).Append(" UTC, took ")
            .Append(E(Fmt.Seconds(r.Duration))).Append(", ").Append(Environment.ProcessorCount).Append(" CPUs. Result: <span class=\"")
            .Append(r.Passed ? "pass\">PASSED" : "fail\">FAILED").Append("</span>.</p>");
        sb.Append("<p>Latency in ms: response time from the scheduled start for open-model scenarios, service time for closed-model ones.</p>");
        Table(sb, Fmt.SummaryHeader(), r.Scenarios.Select(Fmt.SummaryRow));
        sb.Append("<ul>");
        foreach (var (column, meaning) in Fmt.ColumnNotes)
        {
            sb.Append("<li><b>").Append(E(column)).Append("</b>: ").Append(E(meaning)).Append(".</li>");
        }

        sb.Append("</ul>");
        sb.Append("<h2>Thresholds</h2>");
        Table(sb, ["scenario", "threshold", "result", "actual"], r.Thresholds.Select(t => new[] { t.Scenario, t.Label, t.Passed ? "pass" : "FAIL", t.Actual }));
        if (png is not null)
        {
            sb.Append("<h2>Latency over time</h2><img alt=\"latency p50/p95/p99 and ok rate per interval\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(png)).Append("\">");
        }

        foreach (var s in r.Scenarios)
        {
            Scenario(sb, s);
        }

        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static void Scenario(StringBuilder sb, ScenarioStats s)
    {
        sb.Append("<h2>").Append(E(s.Name)).Append("</h2>");
        if (s.Description.Length > 0)
        {
            sb.Append("<p>").Append(E(s.Description)).Append("</p>");
        }

        sb.Append("<p>load: <code>").Append(E(string.Join(", ", s.Simulations))).Append("</code> (").Append(s.IsOpenModel ? "open" : "closed").Append(" model); measured ")
            .Append(E(Fmt.Seconds(s.Duration))).Append("; offered ").Append(s.Offered).Append("; ok ").Append(s.Ok.Count).Append("; fail ").Append(s.Fail.Count)
            .Append("; cancelled ").Append(s.Cancelled).Append("; dropped ").Append(s.Dropped).Append("; peak in flight ").Append(s.PeakInFlight)
            .Append("; runner CPU ").Append(E(Fmt.Seconds(s.RunnerCpu))).Append(" (").Append(s.RunnerCpuPerIterationUs.ToString("0.#", Fmt.Inv)).Append(" µs per iteration)</p>");
        if (s.IsOpenModel && s.Ok.Count > 0)
        {
            sb.Append("<p>ok service time (from the actual start): p50 ").Append(E(Fmt.Pct(s.Ok.Service, 50))).Append(" ms, p99 ").Append(E(Fmt.Pct(s.Ok.Service, 99)))
                .Append(" ms; the runner's own dispatch lag: p50 ").Append(E(Fmt.Pct(s.DispatchLag, 50))).Append(" ms, p99 ").Append(E(Fmt.Pct(s.DispatchLag, 99))).Append(" ms</p>");
        }

        if (s.Error is not null)
        {
            sb.Append("<p class=\"fail\">error: ").Append(E(s.Error)).Append("</p>");
        }

        if (s.Evidence.Count > 0)
        {
            Table(sb, ["evidence", "value"], s.Evidence.Select(e => new[] { e.Label, e.Value }));
        }

        if (s.StatusCodes.Count > 0)
        {
            Table(sb, ["status", "count"], s.StatusCodes.Select(kv => new[] { kv.Key, Fmt.Num(kv.Value) }));
        }
    }

    private static void Table(StringBuilder sb, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        sb.Append("<table><tr>");
        foreach (var h in header)
        {
            sb.Append("<th>").Append(E(h)).Append("</th>");
        }

        sb.Append("</tr>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var c in row)
            {
                sb.Append(c == "FAIL" ? "<td class=\"fail\">" : "<td>").Append(E(c)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</table>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
