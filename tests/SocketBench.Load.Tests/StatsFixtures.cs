using SocketBench.Load.Stats;

namespace SocketBench.Load.Tests;

/// <summary>Hand-made stats for threshold and report tests.</summary>
internal static class StatsFixtures
{
    public static LatencyStats Latency(double p50, double p99) =>
        new(100, p50 / 2, p50, p99 * 2, 1, [new(50, p50), new(75, p50), new(95, p99), new(99, p99), new(99.9, p99)]);

    public static ScenarioStats Scenario(string name = "s", long ok = 95, long fail = 5, double p99 = 120, double seconds = 10, IReadOnlyList<IntervalStats>? timeline = null)
    {
        var latency = Latency(10, p99);
        return new ScenarioStats(
            name, "a test scenario", ["Inject(rate: 10, interval: 1s, during: 10s)"], TimeSpan.FromSeconds(seconds), true,
            new MeasurementStats(ok, ok / seconds, 100.0 * ok / (ok + fail), ok * 10, latency, latency),
            new MeasurementStats(fail, fail / seconds, 100.0 * fail / (ok + fail), 0, latency, latency),
            Cancelled: 1, Dropped: 2, Offered: ok + fail + 2, OfferedRps: (ok + fail + 2) / seconds, PeakInFlight: 4,
            new Dictionary<string, long> { ["ok"] = ok, ["connect_timeout"] = fail },
            [],
            timeline ?? [.. Enumerable.Range(1, 10).Select(i => new IntervalStats(TimeSpan.FromSeconds(i), TimeSpan.FromSeconds(1), "Inject", 10, 0, 0, 1, 10, 5 + i, 8 + i, 10 + i))],
            [new Evidence("accept queue", "11")],
            null);
    }
}
