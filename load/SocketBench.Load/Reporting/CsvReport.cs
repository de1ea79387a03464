using System.Text;
using SocketBench.Load.Stats;

namespace SocketBench.Load.Reporting;

/// <summary>stats.csv (one row per scenario and step, NBomber's columns plus cancelled, dropped, p99.9) and timeline.csv.</summary>
internal static class CsvReport
{
    public static string Stats(RunResult result)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', ["test_name", "scenario", "step", "duration_s", "request_count", "ok", "failed", "cancelled", "dropped", "offered", "ok_rps",
            "min_ms", "mean_ms", "max_ms", .. Fmt.Columns.Select(p => Fmt.Label(p).Replace('.', '_') + "_ms"), "std_dev_ms", "bytes_all", "latency_kind", "runner_cpu_us_per_iteration"]));
        foreach (var s in result.Scenarios)
        {
            Row(sb, result.TestName, s.Name, "", s.Duration, s.Ok, s.Fail, s.Cancelled, s.Dropped, s.Offered, s.IsOpenModel ? "response" : "service", s.RunnerCpuPerIterationUs.ToString("0.##", Fmt.Inv));
            foreach (var step in s.Steps)
            {
                Row(sb, result.TestName, s.Name, step.Name, s.Duration, step.Ok, step.Fail, 0, 0, step.Ok.Count + step.Fail.Count, "service", "");
            }
        }

        return sb.ToString();
    }

    public static string Timeline(RunResult result)
    {
        var sb = new StringBuilder();
        sb.AppendLine("scenario,at_s,length_s,simulation,ok,fail,dropped,in_flight,ok_rps,p50_ms,p95_ms,p99_ms");
        foreach (var s in result.Scenarios)
        {
            foreach (var t in s.Timeline)
            {
                sb.AppendLine(string.Join(',', [Quote(s.Name), t.At.TotalSeconds.ToString("0.###", Fmt.Inv), t.Length.TotalSeconds.ToString("0.###", Fmt.Inv), Quote(t.Simulation), Fmt.Num(t.Ok), Fmt.Num(t.Fail), Fmt.Num(t.Dropped),
                    Fmt.Num(t.InFlight), Fmt.Rate(t.OkRps), Fmt.Ms(t.P50Ms, ""), Fmt.Ms(t.P95Ms, ""), Fmt.Ms(t.P99Ms, "")]));
            }
        }

        return sb.ToString();
    }

    internal static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static void Row(StringBuilder sb, string test, string scenario, string step, TimeSpan duration, MeasurementStats ok, MeasurementStats fail, long cancelled, long dropped, long offered, string kind, string cpu)
    {
        var l = ok.Response;
        string[] cells =
        [
            Quote(test), Quote(scenario), Quote(step), duration.TotalSeconds.ToString("0.###", Fmt.Inv), Fmt.Num(ok.Count + fail.Count), Fmt.Num(ok.Count), Fmt.Num(fail.Count),
            Fmt.Num(cancelled), Fmt.Num(dropped), Fmt.Num(offered), Fmt.Rate(ok.Rps), Fmt.Ms(l.MinMs), Fmt.Ms(l.MeanMs), Fmt.Ms(l.MaxMs),
            .. Fmt.Columns.Select(p => l.Count == 0 ? "" : Fmt.Pct(l, p).Replace("-", "", StringComparison.Ordinal)), Fmt.Ms(l.StdDevMs), Fmt.Num(ok.Bytes + fail.Bytes), kind, cpu,
        ];
        sb.AppendLine(string.Join(',', cells));
    }
}
