namespace SocketBench.ChaosTests;

/// <summary>One cell of the matrix.</summary>
public sealed record ChaosCell(string Pair, string Scenario, string Expected, string Observed, bool Pass, bool Flagged, string Detail)
{
    /// <summary>Gets whether the cell did not run (a side lacks an option it needs); <see cref="Observed"/> says why.</summary>
    public bool Skipped { get; init; }
}
