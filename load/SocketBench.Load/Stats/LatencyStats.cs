namespace SocketBench.Load.Stats;

/// <summary>Latency summary in milliseconds, from an HdrHistogram of microseconds.</summary>
public sealed record LatencyStats(long Count, double MinMs, double MeanMs, double MaxMs, double StdDevMs, IReadOnlyList<PercentileValue> Percentiles)
{
    public static readonly LatencyStats Empty = new(0, 0, 0, 0, 0, []);

    /// <summary>Gets the value at a percentile; percentiles not configured are an error, not a guess.</summary>
    public double P(double percentile)
    {
        foreach (var p in Percentiles)
        {
            if (p.Percentile.Equals(percentile))
            {
                return p.Ms;
            }
        }

        return Count == 0 ? 0 : throw new KeyNotFoundException($"percentile {percentile} was not configured");
    }
}
