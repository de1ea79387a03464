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
