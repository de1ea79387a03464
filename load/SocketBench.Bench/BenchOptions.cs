namespace SocketBench.Bench;

/// <summary>What `bench` runs (options parsed by <see cref="BenchArguments"/>).</summary>
public sealed record BenchOptions
{
    /// <summary>The sections, in the order they run.</summary>
    public static readonly IReadOnlyList<string> Sections = ["load", "throughput", "startup", "proxy", "rate"];

    /// <summary>Gets the sections to run.</summary>
    /// <value>Default: all of <see cref="Sections"/>.</value>
    public IReadOnlyList<string> Only { get; init; } = Sections;

    /// <summary>Gets the number of interleaved rounds for the compared pairs.</summary>
    /// <value>Default 9 (--quick: 3); 2..50.</value>
    public int Rounds { get; init; } = 9;

    /// <summary>
    /// Rounds per <see cref="Rounds"/> for the targets whose two subjects sit within a few percent of
    /// each other and of the threshold while one round's ratio spreads by 10-25% on a shared machine
    /// (the /dev/null transfers, the load runner, the connection rate): 9 rounds leave an interval of
    /// about +-8%, too wide to give the same verdict run after run; 27 about +-4%.
    /// </summary>
    public const int CloseRoundFactor = 3;

    /// <summary>Gets the rounds of the targets that take <see cref="CloseRoundFactor"/> (27 by default).</summary>
    public int CloseRounds => Rounds * CloseRoundFactor;

    /// <summary>Gets where the Markdown and JSON results go.</summary>
    /// <value>Default load/reports under the repository.</value>
    public string? Reports { get; init; }

    /// <summary>Gets the message size of the throughput runs.</summary>
    /// <value>Default 1 GiB (--quick: 256 MiB).</value>
    public long ThroughputBytes { get; init; } = 1L << 30;

    public bool Runs(string section) => Only.Contains(section);
}
