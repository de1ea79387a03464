namespace SocketBench.Load.Stats;

/// <summary>Ok or fail side of a scenario or step (NBomber's MeasurementStats).</summary>
public sealed record MeasurementStats(long Count, double Rps, double Percent, long Bytes, LatencyStats Service, LatencyStats Response);
