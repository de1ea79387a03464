namespace SocketBench.Grade.Checks;

/// <summary>Every check, in the order they appear on the card: spec (server, client), faults, beyond.</summary>
internal static class Catalogue
{
    public static IReadOnlyList<CheckDefinition> All { get; } = [.. ServerChecks.All(), .. ClientChecks.All(), .. FaultChecks.All(), .. BeyondChecks.All()];
}
