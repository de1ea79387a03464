using System.Globalization;
using SocketBench.Load.Stats;

namespace SocketBench.Load.Reporting;

/// <summary>Invariant number formatting shared by the console and the reports.</summary>
internal static class Fmt
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The percentile columns of summary tables.</summary>
    public static readonly IReadOnlyList<double> Columns = LoadConstants.DefaultPercentiles;

    public static string Ms(double ms) => ms.ToString(ms >= 100 ? "0.#" : "0.###", Inv);

    /// <summary>An interval's latency, or <paramref name="none"/> when nothing completed in it (a gap, not 0 ms).</summary>
    public static string Ms(double? ms, string none) => ms is { } v ? Ms(v) : none;

    public static string Num(long n) => n.ToString(Inv);

    public static string Rate(double r) => r.ToString("0.##", Inv);

    public static string Pct(LatencyStats l, double p) =>
        l.Count == 0 ? "-" : l.Percentiles.Any(x => x.Percentile.Equals(p)) ? Ms(l.P(p)) : "-";

    public static string Label(double p) => "p" + p.ToString(Inv);

    public static string Bytes(long b) => b switch
    {
        >= 1L << 30 => (b / (double)(1L << 30)).ToString("0.## 'GiB'", Inv),
        >= 1L << 20 => (b / (double)(1L << 20)).ToString("0.## 'MiB'", Inv),
        >= 1L << 10 => (b / (double)(1L << 10)).ToString("0.## 'KiB'", Inv),
        _ => b.ToString(Inv) + " B",
    };

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.##", Inv) + " s";

    /// <summary>What each column of the summary table (and of stats.csv and timeline.csv) measures.</summary>
    public static readonly IReadOnlyList<(string Column, string Meaning)> ColumnNotes =
    [
        ("ok / fail", "iterations completed ok / failed, from the first phase to the end of the drain (iterations still running when the last phase ends are waited for, up to the completion timeout)"),
        ("cancelled", "iterations still running after the completion timeout, cancelled: neither ok nor failed"),
        ("dropped", "open model: arrivals refused at the in-flight cap, never started"),
        ("ok rps", "ok completions divided by the measured time: phases plus drain, pauses excluded (the time in which they happened); offered rps divides arrivals by the phases alone"),
        ("min .. max", "ok latency in ms: open model, response time from the scheduled start (the runner's dispatch lag and any queueing included: no coordinated omission); closed model, service time from the actual start"),
        ("timeline p50/p95/p99", "ok latency of the iterations that completed in that interval; empty (a gap in the plot) when none did, never 0"),
        ("runner CPU", "this process's own CPU (copies, scheduler, parser of the server's stdout; not the server's) from the first phase to the end of the drain, per completed iteration"),
        ("bytes", "bytes the iterations reported moving, ok and failed"),
    ];

    /// <summary>The columns of the final summary table, one row per scenario.</summary>
    public static string[] SummaryHeader() =>
        ["scenario", "ok", "fail", "cancelled", "dropped", "ok rps", "min", "mean", .. Columns.Select(Label), "max", "bytes"];

    public static string[] SummaryRow(ScenarioStats s)
    {
        var l = s.Ok.Response;
        return
        [
            s.Name, Num(s.Ok.Count), Num(s.Fail.Count), Num(s.Cancelled), Num(s.Dropped), Rate(s.Ok.Rps),
            l.Count == 0 ? "-" : Ms(l.MinMs), l.Count == 0 ? "-" : Ms(l.MeanMs), .. Columns.Select(p => Pct(l, p)),
            l.Count == 0 ? "-" : Ms(l.MaxMs), Bytes(s.Ok.Bytes + s.Fail.Bytes),
        ];
    }
}
