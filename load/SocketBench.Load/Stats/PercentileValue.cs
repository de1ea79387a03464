namespace SocketBench.Load.Stats;

/// <summary>One percentile and its value in milliseconds.</summary>
public readonly record struct PercentileValue(double Percentile, double Ms);
