using System.Globalization;
using SocketBench.Load.Stats;

namespace SocketBench.Load;

/// <summary>
/// A condition on a scenario's final stats, checked at the end of the scenario. A failed threshold
/// fails the run (<see cref="RunResult.EnsurePassed"/>). Latency thresholds use response time:
/// from the scheduled start in the open model (coordinated omission included), which equals
/// service time in the closed model.
/// </summary>
public sealed record Threshold(string Label, Func<ScenarioStats, ThresholdCheck> Evaluate)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Ok response-time p99 strictly below <paramref name="ms"/>.</summary>
    public static Threshold P99Below(double ms) => PercentileBelow(99, ms);

    /// <summary>Ok response-time percentile strictly below <paramref name="ms"/>.</summary>
    public static Threshold PercentileBelow(double percentile, double ms) =>
        new($"p{percentile.ToString(Inv)} < {ms.ToString(Inv)} ms", s =>
        {
            var v = s.Ok.Response.Count == 0 ? double.NaN : s.Ok.Response.P(percentile);
            return new ThresholdCheck(v < ms, s.Ok.Response.Count == 0 ? "no ok requests" : $"{v.ToString("0.###", Inv)} ms");
        });

    /// <summary>Failed share of completed iterations strictly below <paramref name="percent"/> (0-100).</summary>
    public static Threshold FailPercentBelow(double percent) =>
        new($"fail % < {percent.ToString(Inv)}", s => new ThresholdCheck(s.FailPercent < percent, $"{s.FailPercent.ToString("0.###", Inv)} % ({s.Fail.Count} of {s.Requests})"));

    /// <summary>Ok requests per second at least <paramref name="rps"/>.</summary>
    public static Threshold RpsAtLeast(double rps) =>
        new($"ok rps >= {rps.ToString(Inv)}", s => new ThresholdCheck(s.Ok.Rps >= rps, s.Ok.Rps.ToString("0.##", Inv)));

    /// <summary>Ok requests per second at most <paramref name="rps"/> (a server-capped rate).</summary>
    public static Threshold RpsAtMost(double rps) =>
        new($"ok rps <= {rps.ToString(Inv)}", s => new ThresholdCheck(s.Ok.Rps <= rps, s.Ok.Rps.ToString("0.##", Inv)));

    /// <summary>A count taken from the stats equals an expected value.</summary>
    public static Threshold CountEquals(string label, long expected, Func<ScenarioStats, long> measure) =>
        new($"{label} == {expected.ToString(Inv)}", s =>
        {
            var v = measure(s);
            return new ThresholdCheck(v == expected, v.ToString(Inv));
        });

    /// <summary>Any predicate; <paramref name="actual"/> explains the measured value.</summary>
    public static Threshold Create(string label, Func<ScenarioStats, bool> check, Func<ScenarioStats, string>? actual = null) =>
        new(label, s => new ThresholdCheck(check(s), actual?.Invoke(s) ?? ""));
}
