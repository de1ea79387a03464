namespace SocketBench.Load.Stats;

/// <summary>Stats of one step.</summary>
public sealed record StepStats(string Name, MeasurementStats Ok, MeasurementStats Fail, IReadOnlyDictionary<string, long> StatusCodes);
