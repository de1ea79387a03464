using HdrHistogram;

namespace SocketBench.Load.Stats;

/// <summary>Turns histograms and counters into the immutable stats records.</summary>
internal static class StatsCalculator
{
    private const double UsPerMs = 1000.0;

    public static LatencyStats Latency(HistogramBase h, IReadOnlyList<double> percentiles)
    {
        if (h.TotalCount == 0)
        {
            return LatencyStats.Empty;
        }

        var values = new PercentileValue[percentiles.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new PercentileValue(percentiles[i], Percentile(h, percentiles[i]));
        }

        return new LatencyStats(
            h.TotalCount,
            h.LowestEquivalentValue(h.GetValueAtPercentile(0)) / UsPerMs,
            Round(h.GetMean() / UsPerMs),
            h.GetMaxValue() / UsPerMs,
            Round(h.GetStdDeviation() / UsPerMs),
            values);
    }

    /// <summary>Value at a percentile in ms (HdrHistogram's highest equivalent value, 3 significant digits).</summary>
    public static double Percentile(HistogramBase h, double percentile) =>
        h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile) / UsPerMs;

    /// <summary>Requests per second over a duration, never divided by less than 1 ms and not rounded (NBomber #889).</summary>
    public static double Rate(long count, TimeSpan duration) => count / Math.Max(duration.TotalSeconds, 0.001);

    public static MeasurementStats Measurement(long count, long total, long bytes, TimeSpan duration, HistogramBase service, HistogramBase? response, IReadOnlyList<double> percentiles)
    {
        var serviceStats = Latency(service, percentiles);
        return new MeasurementStats(
            count,
            Rate(count, duration),
            total == 0 ? 0 : 100.0 * count / total,
            bytes,
            serviceStats,
            response is null ? serviceStats : Latency(response, percentiles));
    }

    private static double Round(double v) => Math.Round(v, 3);
}
