namespace SocketBench.Grade.Checks;

/// <summary>Every check, in the order they run and appear on the card.</summary>
internal static class Catalogue
{
    public static IReadOnlyList<CheckDefinition> All { get; } = [.. ServerChecks.All(), .. ClientChecks.All()];
}
