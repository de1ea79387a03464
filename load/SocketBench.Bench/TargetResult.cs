using SocketBench.Bench.Stats;

namespace SocketBench.Bench;

/// <summary>A target's estimate, interval and verdict in one run.</summary>
public sealed record TargetResult(Target Target, Interval Interval, Verdict Verdict);
