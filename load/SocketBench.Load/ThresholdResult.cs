namespace SocketBench.Load;

/// <summary>A checked threshold.</summary>
public sealed record ThresholdResult(string Scenario, string Label, bool Passed, string Actual);
