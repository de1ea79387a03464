namespace SocketBench.Grade.Checks;

/// <summary>One check of the catalogue: what it is, which sentence it tests, and how it runs.</summary>
/// <param name="Id">The stable ID (GRADE-CONTRACT.md).</param>
/// <param name="Tier">spec, faults or beyond.</param>
/// <param name="Side">The program graded: server, client or both.</param>
/// <param name="Spec">The spec sentence quoted on the card.</param>
/// <param name="Run">The check itself; evidence goes into the probe.</param>
internal sealed record CheckDefinition(string Id, string Tier, string Side, string Spec, Func<Probe, CancellationToken, Task<CheckOutcome>> Run)
{
    /// <summary>Gets whether --quick runs it.</summary>
    public bool InQuick { get; init; } = true;

    /// <summary>Gets the most it may take; past it the check fails and its programs are killed.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(60);
}
