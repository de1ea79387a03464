using SocketBench.Toxiproxy.Client;

namespace SocketBench.ChaosTests;

/// <summary>
/// One fault scenario: its name (a report column), the outcome it must have, and how to run it
/// for one pair. <see cref="Cost"/> ranks scenarios by wall time so a quick run can skip the slow ones.
/// </summary>
public sealed record ChaosScenario(string Name, Outcome Expected, Func<ChaosContext, Task<Observation>> Run, int Cost = 1)
{
    /// <summary>Toxics created together with the cell's proxy.</summary>
    public ToxicSpec[] Toxics { get; init; } = [];

    /// <summary>For a probabilistic scenario: the other outcome that also counts as a pass.</summary>
    public Outcome? AlsoAllowed { get; init; }

    /// <summary>Extra check on the observation (e.g. partial sends), given the client's name.</summary>
    public Func<string, Observation, string?>? Check { get; init; }

    /// <summary>The client extension the scenario needs (e.g. connect retries), or null: a spec-only client skips it, saying so.</summary>
    public string? NeedsClientExtension { get; init; }

    /// <summary>Gets whether the cell runs with <c>--receipt</c> on both sides (DESIGN.md section 3a): the receipts column.</summary>
    public bool Receipts { get; init; }

    /// <summary>Undetectable-loss rows are flagged in the report.</summary>
    public bool Flagged => Expected == Outcome.UndetectableLoss;

    public override string ToString() => Name;
}
