namespace SocketBench.Load;

/// <summary>The outcome of a threshold check, with the measured value for a readable table.</summary>
public readonly record struct ThresholdCheck(bool Passed, string Actual);
