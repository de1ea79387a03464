using SocketBench.Bench.Stats;

namespace SocketBench.Bench.Reporting;

/// <summary>What one bench run found: the machine, the samples, the target verdicts, what failed.</summary>
public sealed record BenchResult(
    string Started,
    IReadOnlyDictionary<string, string> Machine,
    BenchOptions Options,
    TimeSpan Elapsed,
    IReadOnlyList<Sample> Samples,
    IReadOnlyList<TargetResult> Targets,
    IReadOnlyList<string> Failures);
